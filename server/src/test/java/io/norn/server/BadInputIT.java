package io.norn.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad input gets a 4xx (never a 500, a hang or a dead server), and afterwards the server still
 * answers and still has every entry it acknowledged before.
 */
class BadInputIT {
    private static final long MAX_RECV_BYTES = 64 * 1024;
    private static final long MAX_DECOMPRESSED_BYTES = 256 * 1024;
    private static final int HOSTILE_QUERIES = 1000;
    private static final int QUERY_THREADS = 4;
    private static final Duration HOSTILE_TIMEOUT = Duration.ofMinutes(5);
    private static final String PUSH = "/loki/api/v1/push";

    private final long t0 = (System.currentTimeMillis() - 10 * 60_000L) * 1_000_000L;

    @TempDir
    Path dir;

    @Test
    void serverSurvivesBadInputAndLosesNothing() throws Exception {
        try (TestServer s = new TestServer(dir, smallBodies(dir))) {
            LokiClient c = new LokiClient(s.base);
            List<PushBodies.Stream> kept = List.of(
                    stream("kept-json", entries(t0, 20, "kept json line")),
                    stream("kept-proto", entries(t0, 20, "kept proto line")));
            expect(c.pushJson(List.of(kept.get(0))), 204, "");
            expect(c.pushProtobuf(List.of(kept.get(1))), 204, "");

            // Size limits: raw body, decompressed gzip, and a snappy header that claims 2 GiB.
            String big = PushBodies.json(List.of(stream("big", entries(t0, 100, "y".repeat(1000)))));
            assertThat(big.length()).isGreaterThan((int) MAX_RECV_BYTES);
            expect(c.post(PUSH, "application/json", null, big.getBytes(StandardCharsets.UTF_8)), 413, "request body too large");
            byte[] bomb = gzip(new byte[10 << 20]);
            assertThat(bomb.length).isLessThan((int) MAX_RECV_BYTES);
            expect(c.post(PUSH, "application/json", "gzip", bomb), 413, "request body too large");
            expect(c.post(PUSH, "application/x-protobuf", null, new byte[]{(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0, 0}),
                    413, "request body too large");

            // Broken compression.
            byte[] gz = gzip(PushBodies.json(List.of(stream("truncated", entries(t0, 50, "never stored")))).getBytes(StandardCharsets.UTF_8));
            expect(c.post(PUSH, "application/json", "gzip", Arrays.copyOf(gz, gz.length / 2)), 400, "");
            expect(c.post(PUSH, "application/json", "gzip", Arrays.copyOf(gz, 5)), 400, "");
            expect(c.post(PUSH, "application/json", "deflate", "not deflate at all".getBytes(StandardCharsets.UTF_8)), 400, "");
            expect(c.post(PUSH, "application/x-protobuf", null, "not snappy".getBytes(StandardCharsets.UTF_8)), 400, "");

            // Valid snappy around invalid protobuf.
            byte[] valid = PushBodies.protobuf(List.of(stream("garbage", entries(t0, 3, "never stored"))));
            List<byte[]> garbage = List.of(
                    new byte[]{0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 1, 2},
                    new byte[]{0x0F, 1, 2, 3},
                    Arrays.copyOf(valid, valid.length - 5),
                    new byte[]{0x0A, 0x04, 0x12, 0x02, 0x0A, (byte) 0x80},
                    new byte[]{0x0A, 0x05, 0x0A, 0x03, 'a', 'b', 'c'});
            for (byte[] g : garbage) expect(c.post(PUSH, "application/x-protobuf", null, PushBodies.snappy(g)), 400, "");
            byte[] random = new byte[4096];
            new java.util.Random(42).nextBytes(random);
            HttpResponse<String> r = c.post(PUSH, "application/x-protobuf", null, PushBodies.snappy(random));
            assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);

            // JSON that is hostile in shape.
            String deep = "{\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + ",\"streams\":[]}";
            expect(c.post(PUSH, "application/json", "gzip", gzip(deep.getBytes(StandardCharsets.UTF_8))), 400, "");
            expect(c.post(PUSH, "application/json", null, "{\"streams\":[]}".getBytes(StandardCharsets.UTF_8)),
                    422, "error at least one valid stream is required for ingestion");
            expect(c.post(PUSH, "application/json", null, "{\"streams\":[{\"stream\":{\"job\":\"nulls\"},\"values\":null}]}"
                    .getBytes(StandardCharsets.UTF_8)), 204, "");
            PushBodies.Stream besideNulls = stream("beside-nulls", entries(t0, 2, "next to a null values array"));
            String mixed = PushBodies.json(List.of(besideNulls));
            mixed = mixed.replace("{\"streams\":[", "{\"streams\":[{\"stream\":{\"job\":\"nulls\"},\"values\":null},");
            expect(c.post(PUSH, "application/json", null, mixed.getBytes(StandardCharsets.UTF_8)), 204, "");

            // Pathological regular expressions against long lines: RE2 semantics keep them linear.
            List<PushBodies.Stream> hostile = new ArrayList<>();
            for (int i = 0; i < 8; i++) hostile.add(stream("hostile", List.of(new PushBodies.Entry(t0 + 1_000 + i, "a".repeat(10_000) + i))));
            expect(c.post(PUSH, "application/json", "gzip", gzip(PushBodies.json(hostile).getBytes(StandardCharsets.UTF_8))), 204, "");
            runHostileQueries(c);

            // Nothing was lost or added, and the server is still ready.
            Map<Map<String, String>, List<LokiClient.Line>> got = c.queryRange("{job=~\"kept-.+|nulls|beside-nulls|big|truncated|garbage\"}",
                    t0 - 1, t0 + 60_000_000_000L, 1000);
            assertThat(got).containsOnlyKeys(Map.of("job", "kept-json"), Map.of("job", "kept-proto"), Map.of("job", "beside-nulls"));
            for (PushBodies.Stream st : List.of(kept.get(0), kept.get(1), besideNulls)) {
                assertThat(got.get(st.labels())).containsExactlyElementsOf(lines(st));
            }
            assertThat(c.queryRange("{job=\"hostile\"}", t0 - 1, t0 + 60_000_000_000L, 1000).get(Map.of("job", "hostile"))).hasSize(8);
            assertThat(c.readyStatus()).isEqualTo(200);
        }
    }

    private void runHostileQueries(LokiClient c) throws InterruptedException {
        List<String> queries = List.of(
                "{job=~\".+\"} |~ \"(a*)*b\"",
                "{job=~\".+\"} |~ \"(a|a)*b\"",
                "{job=~\".+\"} |~ \"(a+)+$\" !~ \"(a|aa)+c\"",
                "{job=~\"(h*)*ostile\"} |~ \"(.*a){20}b\"",
                "{job=~\".+\"} | regexp \"(?P<x>(a*)*b)\"");
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(QUERY_THREADS);
        for (int t = 0; t < QUERY_THREADS; t++) {
            int thread = t;
            pool.execute(() -> {
                for (int i = thread; i < HOSTILE_QUERIES && failures.isEmpty(); i += QUERY_THREADS) {
                    String q = queries.get(i % queries.size());
                    try {
                        HttpResponse<String> r = c.get("/loki/api/v1/query_range", Map.of("query", q, "start", Long.toString(t0 - 1),
                                "end", Long.toString(t0 + 60_000_000_000L), "limit", "100"));
                        if (r.statusCode() != 200) failures.add(q + " -> " + r.statusCode() + " " + r.body());
                    } catch (IOException e) {
                        failures.add(q + " -> " + e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        failures.add(q + " -> interrupted");
                        return;
                    }
                }
            });
        }
        pool.shutdown();
        boolean done = pool.awaitTermination(HOSTILE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!done) pool.shutdownNow();
        assertThat(done).as("%d hostile regex queries finished within %s", HOSTILE_QUERIES, HOSTILE_TIMEOUT).isTrue();
        assertThat(failures).isEmpty();
    }

    private static NornConfig smallBodies(Path dir) {
        NornConfig d = TestServer.conformanceConfig(dir);
        return new NornConfig(d.authEnabled(), d.httpListenAddress(), 0, d.dataDir(), d.chunksDir(), d.walDir(), d.ingester(), d.limits(),
                MAX_RECV_BYTES, MAX_DECOMPRESSED_BYTES, d.maxConcurrentRequests());
    }

    private static void expect(HttpResponse<String> r, int status, String text) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).contains(text);
        if (status >= 400) assertThat(r.body()).as("an error answer says what is wrong").isNotBlank();
    }

    private static PushBodies.Stream stream(String job, List<PushBodies.Entry> entries) {
        return new PushBodies.Stream(Map.of("job", job), entries);
    }

    private static List<PushBodies.Entry> entries(long from, int n, String text) {
        List<PushBodies.Entry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new PushBodies.Entry(from + i, text + " " + i));
        return out;
    }

    private static List<LokiClient.Line> lines(PushBodies.Stream s) {
        return s.entries().stream().map(e -> new LokiClient.Line(e.tsNanos(), e.line())).toList();
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(raw);
        }
        return b.toByteArray();
    }
}
