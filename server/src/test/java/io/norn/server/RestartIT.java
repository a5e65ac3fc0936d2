package io.norn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Graceful restarts on the same data directory: data only in the write-ahead log, data in flushed chunks plus
 * the WAL, and a restart with nothing new; every entry comes back exactly once and the metadata endpoints
 * still answer.
 */
class RestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(60);
    private static final List<Map<String, String>> STREAMS = List.of(
            Map.of("job", "restart", "env", "dev"),
            Map.of("job", "restart", "env", "prod"),
            Map.of("job", "other", "env", "dev", "team", "storage"));

    private final long t0 = (System.currentTimeMillis() - 20 * 60_000L) * 1_000_000L;
    private final Map<Map<String, String>, List<LokiClient.Line>> pushed = new HashMap<>();

    @TempDir
    Path dir;

    @Test
    void dataSurvivesGracefulRestarts() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            push(new LokiClient(s.base), 0, 30);
        }
        try (TestServer s = new TestServer(dir)) {
            LokiClient c = new LokiClient(s.base);
            assertAllBack(c, "after a restart with data only in the WAL");
            push(c, 1, 30);
            double flushedBefore = c.metric("loki_ingester_chunks_flushed_total");
            HttpResponse<String> flush = c.post("/flush", null, null, new byte[0]);
            assertThat(flush.statusCode()).as(flush.body()).isEqualTo(204);
            awaitFlush(c, flushedBefore);
            push(c, 2, 30);
            assertAllBack(c, "before the second restart");
        }
        try (TestServer s = new TestServer(dir)) {
            LokiClient c = new LokiClient(s.base);
            assertAllBack(c, "after a restart with data in chunks and in the WAL");
            assertMetadata(c);
        }
        try (TestServer s = new TestServer(dir)) {
            LokiClient c = new LokiClient(s.base);
            assertAllBack(c, "after a restart with nothing new");
            assertMetadata(c);
            assertThat(c.readyStatus()).isEqualTo(200);
        }
    }

    /**
     * The state a crash leaves between publishing flushed chunks and deleting the WAL segments they came from:
     * the entries are both in the chunk store and in the WAL. Replaying must not make them appear twice.
     */
    @Test
    void replayOfWalAlreadyFlushedToChunksDoesNotDuplicate() throws Exception {
        Path wal = TestServer.conformanceConfig(dir).walDir();
        Path saved = Files.createDirectories(dir.resolve("wal-copy"));
        try (TestServer s = new TestServer(dir)) {
            push(new LokiClient(s.base), 0, 20);
        }
        copyFiles(wal, saved);
        try (Stream<Path> files = Files.list(saved)) {
            long bytes = files.mapToLong(f -> f.toFile().length()).sum();
            assertThat(bytes).as("the WAL holds the pushed entries after a graceful stop").isGreaterThan(1_000);
        }
        try (TestServer s = new TestServer(dir)) {
            LokiClient c = new LokiClient(s.base);
            assertAllBack(c, "after replay and the startup flush");
            assertThat(c.metric("loki_ingester_chunks_flushed_total")).as("the startup flush wrote chunks").isPositive();
        }
        copyFiles(saved, wal);
        try (TestServer s = new TestServer(dir)) {
            assertAllBack(new LokiClient(s.base), "after replaying WAL segments whose entries are already in chunks");
        }
        try (TestServer s = new TestServer(dir)) {
            assertAllBack(new LokiClient(s.base), "after one more restart");
        }
    }

    private static void copyFiles(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Pushes {@code perStream} entries to every stream, alternating JSON and protobuf pushes of five entries each. */
    private void push(LokiClient c, int round, int perStream) throws Exception {
        for (int batch = 0; batch * 5 < perStream; batch++) {
            List<PushBodies.Stream> streams = new ArrayList<>();
            for (int s = 0; s < STREAMS.size(); s++) {
                List<PushBodies.Entry> entries = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    long ts = t0 + round * 60_000_000_000L + (batch * 5L + i) * 1_000_000L;
                    entries.add(new PushBodies.Entry(ts, "round=" + round + " stream=" + s + " n=" + (batch * 5 + i) + " level=info msg=\"ok\""));
                }
                streams.add(new PushBodies.Stream(STREAMS.get(s), entries));
                List<LokiClient.Line> lines = pushed.computeIfAbsent(new TreeMap<>(STREAMS.get(s)), k -> new ArrayList<>());
                for (PushBodies.Entry e : entries) lines.add(new LokiClient.Line(e.tsNanos(), e.line()));
            }
            HttpResponse<String> r = batch % 2 == 0 ? c.pushJson(streams) : c.pushProtobuf(streams);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        }
    }

    private void assertAllBack(LokiClient c, String when) throws Exception {
        Map<Map<String, String>, List<LokiClient.Line>> got = c.queryRange("{job=~\"restart|other\"}", t0 - 1, t0 + 600_000_000_000L, 10_000);
        assertThat(got.keySet()).as(when).containsExactlyInAnyOrderElementsOf(pushed.keySet());
        for (Map.Entry<Map<String, String>, List<LokiClient.Line>> e : pushed.entrySet()) {
            List<LokiClient.Line> expected = new ArrayList<>(e.getValue());
            expected.sort(Comparator.comparingLong(LokiClient.Line::tsNanos));
            assertThat(got.get(e.getKey())).as("%s %s", e.getKey(), when).containsExactlyElementsOf(expected);
        }
        Map<Map<String, String>, List<LokiClient.Line>> filtered = c.queryRange("{job=\"restart\"} |= \"round=1\" | logfmt | stream=\"1\"",
                t0 - 1, t0 + 600_000_000_000L, 10_000);
        long expectedFiltered = pushed.get(new TreeMap<>(STREAMS.get(1))).stream().filter(l -> l.line().startsWith("round=1 ")).count();
        assertThat(filtered.values().stream().mapToLong(List::size).sum()).as("filtered %s", when).isEqualTo(expectedFiltered);
    }

    private void assertMetadata(LokiClient c) throws Exception {
        Map<String, String> range = Map.of("start", Long.toString(t0 - 1), "end", Long.toString(t0 + 600_000_000_000L));
        assertThat(strings(data(c.get("/loki/api/v1/labels", range)))).containsExactly("env", "job", "team");
        assertThat(strings(data(c.get("/loki/api/v1/label/job/values", range)))).containsExactly("other", "restart");
        assertThat(strings(data(c.get("/loki/api/v1/label/env/values", range)))).containsExactly("dev", "prod");
        Map<String, String> seriesParams = new HashMap<>(range);
        seriesParams.put("match[]", "{job=~\".+\"}");
        List<Map<String, String>> series = new ArrayList<>();
        for (JsonNode s : data(c.get("/loki/api/v1/series", seriesParams))) {
            Map<String, String> labels = new TreeMap<>();
            for (Map.Entry<String, JsonNode> l : s.properties()) labels.put(l.getKey(), l.getValue().asText());
            series.add(labels);
        }
        assertThat(series).containsExactlyInAnyOrderElementsOf(STREAMS);
    }

    private static JsonNode data(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode root = JSON.readTree(r.body());
        assertThat(root.path("status").asText()).as(r.body()).isEqualTo("success");
        return root.path("data");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(n.asText());
        return out;
    }

    private static void awaitFlush(LokiClient c, double flushedBefore) throws Exception {
        long deadline = System.nanoTime() + FLUSH_TIMEOUT.toNanos();
        while (c.metric("loki_ingester_chunks_flushed_total") <= flushedBefore) {
            if (System.nanoTime() > deadline) fail("POST /flush wrote no chunk within " + FLUSH_TIMEOUT);
            Thread.sleep(50);
        }
    }
}
