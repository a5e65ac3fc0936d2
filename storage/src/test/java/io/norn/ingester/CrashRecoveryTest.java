package io.norn.ingester;

import io.norn.model.Labels;
import io.norn.wal.WalFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rebuilds the files a crash leaves between the steps of a flush (chunk data, index record, WAL truncation) from
 * real before/after states, reopens, and checks that every acknowledged entry is returned exactly once.
 */
class CrashRecoveryTest {
    static final long T = IngesterTest.T;
    static final long SECOND = IngesterTest.SECOND;
    static final String TENANT = IngesterTest.TENANT;
    static final Labels API = IngesterTest.API;
    static final Labels WEB = IngesterTest.WEB;

    @TempDir
    static Path tmp;

    /** Pushed and acknowledged, not flushed: the WAL holds everything, the store nothing. */
    static Path beforeFlush;
    /** After a restart flushed everything: the store holds everything, the WAL is empty. */
    static Path afterFlush;
    static Map<String, List<String>> expected;

    static final TestClock clock = new TestClock(1_700_000_000_000L);

    @BeforeAll
    static void buildStates() throws Exception {
        Path root = tmp.resolve("work");
        expected = new TreeMap<>();
        try (Instance inst = new Instance(root, IngesterTest.smallConfig(), clock)) {
            for (Labels l : List.of(API, WEB)) {
                List<String> lines = new ArrayList<>();
                for (int batch = 0; batch < 10; batch++) {
                    long[] ts = new long[15];
                    String[] text = new String[15];
                    for (int i = 0; i < 15; i++) {
                        int k = batch * 15 + i;
                        ts[i] = T + k * SECOND;
                        text[i] = l.get("app") + " entry " + k + " " + "y".repeat(k % 17);
                        lines.add(ts[i] + " " + text[i]);
                    }
                    assertThat(inst.push(TENANT, l, ts, text).errors()).isEmpty();
                }
                expected.put(l.toString(), lines);
            }
            assertThat(WalFiles.segments(inst.walDir()).size()).isGreaterThan(1);
        }
        beforeFlush = tmp.resolve("before");
        copyTree(root, beforeFlush);
        // Reopening replays the WAL and flushes it all, then truncates the WAL.
        try (Instance inst = new Instance(root, IngesterTest.smallConfig(), clock)) {
            assertThat(inst.ingester.memoryStreams()).isZero();
        }
        afterFlush = tmp.resolve("after");
        copyTree(root, afterFlush);
        assertThat(WalFiles.segments(afterFlush.resolve("wal"))).hasSize(1);
        assertThat(Files.size(WalFiles.segments(afterFlush.resolve("wal")).getFirst())).isEqualTo(5);
    }

    enum CrashPoint {
        /** Crashed after the WAL fsync, before any flush. */
        BEFORE_FLUSH,
        /** Chunk data partly appended to the segment, no index record. */
        CHUNK_DATA_TORN,
        /** Chunk data written and fsynced, no index record. */
        CHUNK_DATA_WRITTEN,
        /** Index record partly written. */
        INDEX_RECORD_TORN,
        /** Index record written, WAL not yet truncated. */
        INDEX_WRITTEN,
        /** WAL rolled to a fresh segment, old segments not yet deleted. */
        WAL_ROLLED,
        /** Flush complete. */
        AFTER_FLUSH,
        /** A push that was never acknowledged left half a record at the WAL tail. */
        TORN_UNACKNOWLEDGED_PUSH,
    }

    private static Path segmentFile(Path root) {
        return root.resolve("chunks").resolve(TENANT).resolve("19675").resolve("segment-000001.seg");
    }

    private static Path indexFile(Path root) {
        return root.resolve("chunks").resolve(TENANT).resolve("19675").resolve("index.log");
    }

    private static Path crashState(CrashPoint p) throws IOException {
        Path root = tmp.resolve("crash-" + p);
        switch (p) {
            case BEFORE_FLUSH -> copyTree(beforeFlush, root);
            case CHUNK_DATA_TORN, CHUNK_DATA_WRITTEN, INDEX_RECORD_TORN, INDEX_WRITTEN -> {
                copyTree(beforeFlush.resolve("wal"), root.resolve("wal"));
                copyTree(afterFlush.resolve("chunks"), root.resolve("chunks"));
                long indexSize = Files.size(indexFile(root));
                long segmentSize = Files.size(segmentFile(root));
                switch (p) {
                    case CHUNK_DATA_TORN -> {
                        truncate(indexFile(root), 5);
                        truncate(segmentFile(root), 5 + (segmentSize - 5) / 2);
                    }
                    case CHUNK_DATA_WRITTEN -> truncate(indexFile(root), 5);
                    case INDEX_RECORD_TORN -> truncate(indexFile(root), indexSize - 3);
                    default -> {
                    }
                }
            }
            case WAL_ROLLED -> {
                copyTree(beforeFlush.resolve("wal"), root.resolve("wal"));
                copyTree(afterFlush.resolve("chunks"), root.resolve("chunks"));
                List<Path> segs = WalFiles.segments(root.resolve("wal"));
                long next = WalFiles.segmentNumber(segs.getLast()) + 1;
                Files.write(root.resolve("wal").resolve(String.format("%08d.wal", next)), Files.readAllBytes(
                        WalFiles.segments(afterFlush.resolve("wal")).getFirst()));
            }
            case AFTER_FLUSH -> copyTree(afterFlush, root);
            case TORN_UNACKNOWLEDGED_PUSH -> {
                copyTree(beforeFlush, root);
                Path last = WalFiles.segments(root.resolve("wal")).getLast();
                byte[] tail = {1, 0, 0, 0, 40, 1, 2, 3, 4, 'p', 'a', 'r', 't'}; // entries record header claiming 40 bytes, 4 present
                Files.write(last, tail, StandardOpenOption.APPEND);
            }
        }
        return root;
    }

    @ParameterizedTest
    @EnumSource(CrashPoint.class)
    void everyAcknowledgedEntryIsReturnedExactlyOnceAfterACrash(CrashPoint point) throws Exception {
        Path root = crashState(point);
        try (Instance inst = new Instance(root, IngesterTest.smallConfig(), clock)) {
            assertThat(inst.queryAll(TENANT)).as("first open after crash at %s", point).isEqualTo(expected);
            assertThat(WalFiles.segments(inst.walDir())).as("the recovered data was flushed").hasSize(1);
        }
        try (Instance inst = new Instance(root, IngesterTest.smallConfig(), clock)) {
            assertThat(inst.queryAll(TENANT)).as("second open after crash at %s", point).isEqualTo(expected);
            // and new data still goes in
            inst.push(TENANT, API, new long[] {T + 1_000 * SECOND}, "after recovery");
            inst.ingester.flushAll();
        }
        try (Instance inst = new Instance(root, IngesterTest.smallConfig(), clock)) {
            Map<String, List<String>> got = inst.queryAll(TENANT);
            assertThat(got.get(API.toString())).hasSize(expected.get(API.toString()).size() + 1)
                    .endsWith(T + 1_000 * SECOND + " after recovery");
            assertThat(got.get(WEB.toString())).isEqualTo(expected.get(WEB.toString()));
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }
}
