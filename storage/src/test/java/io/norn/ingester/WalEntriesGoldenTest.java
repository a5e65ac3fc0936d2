package io.norn.ingester;

import io.norn.encoding.GoldenFiles;
import io.norn.model.Labels;
import io.norn.wal.WalFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Committed WAL segments of entries records (segment version 1, record types 1 and 2) replayed forever. */
class WalEntriesGoldenTest {
    private static final String FIXTURE = "wal-v1-entries/00000001.wal";
    private static final String FIXTURE_TYPE_2 = "wal-v1-entries-type2/00000001.wal";
    private static final long T = IngesterTest.T;

    @TempDir
    Path tmp;

    /** A big block size and long periods so that nothing is cut or flushed while the fixture is written. */
    private static IngesterConfig config() {
        return new IngesterConfig(1 << 20, 1 << 22, Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(1), true, 1, 1 << 20);
    }

    private static void pushFixture(Ingester ingester) throws Exception {
        ingester.push("tenant-a", List.of(
                new StreamEntries(Labels.of("app", "api", "env", "prod"), new long[] {T, T + 2, T + 1},
                        new byte[][] {bytes("GET / 200"), bytes("GET /b 500"), bytes("")},
                        new Labels[] {Labels.EMPTY, Labels.of("trace_id", "7f3a"), Labels.EMPTY}),
                new StreamEntries(Labels.of("app", "db"), new long[] {T + 5}, new byte[][] {bytes("東京 slow query")},
                        new Labels[] {Labels.EMPTY})));
        ingester.push("tenant-b", List.of(new StreamEntries(Labels.of("job", "x"), new long[] {T - 1}, new byte[][] {bytes("other tenant")},
                new Labels[] {Labels.EMPTY})));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] freshSegment() throws Exception {
        Path root = tmp.resolve("fresh");
        TestClock clock = new TestClock(1_700_000_000_000L);
        Path segment;
        try (Instance inst = new Instance(root, config(), clock)) {
            pushFixture(inst.ingester);
            segment = WalFiles.segments(inst.walDir()).getLast();
        }
        // Read after close: an open segment is preallocated with zeros that closing cuts off.
        return Files.readAllBytes(segment);
    }

    @Test
    void goldenEntriesSegmentOfVersion1StillReplays() throws Exception {
        assertReplays(FIXTURE);
    }

    /** Entries records of type 2 (structured-metadata sets numbered per stream), written today. */
    @Test
    void goldenEntriesSegmentOfRecordType2StillReplays() throws Exception {
        byte[] fresh = freshSegment();
        if (GoldenFiles.rewrite()) GoldenFiles.write(FIXTURE_TYPE_2, fresh);
        assertReplays(FIXTURE_TYPE_2);
        assertThat(fresh).as("the ingester still writes these entries records").isEqualTo(GoldenFiles.read(FIXTURE_TYPE_2));
    }

    private void assertReplays(String fixture) throws Exception {
        Path root = tmp.resolve("golden-" + fixture.replace('/', '-'));
        GoldenFiles.copy(fixture, root.resolve("wal").resolve("00000001.wal"));
        try (Instance inst = new Instance(root, config(), new TestClock(1_700_000_000_000L))) {
            assertThat(inst.queryAll("tenant-a")).containsExactly(
                    Map.entry("{app=\"api\", env=\"prod\"}", List.of(T + " GET / 200", T + 1 + " ", T + 2 + " GET /b 500")),
                    Map.entry("{app=\"db\"}", List.of(T + 5 + " 東京 slow query")));
            assertThat(inst.queryAll("tenant-b")).containsExactly(Map.entry("{job=\"x\"}", List.of(T - 1 + " other tenant")));
        }
    }
}
