package io.norn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedOutputStream;
import io.airlift.compress.snappy.SnappyCompressor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Pushes in every encoding to a real server and reads the lines back; bad input gets clear 4xx answers. */
class PushAndQueryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = System.currentTimeMillis() * 1_000_000L - 60_000_000_000L;

    @TempDir
    Path dir;

    private static String jsonPush(String job, long ts, String line) {
        return "{\"streams\":[{\"stream\":{\"job\":\"" + job + "\"},\"values\":[[\"" + ts + "\"," + quote(line) + "]]}]}";
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] protobufPush(String labels, long ts, String line, String smName, String smValue) throws Exception {
        ByteArrayOutputStream entry = new ByteArrayOutputStream();
        CodedOutputStream e = CodedOutputStream.newInstance(entry);
        ByteArrayOutputStream tsBuf = new ByteArrayOutputStream();
        CodedOutputStream t = CodedOutputStream.newInstance(tsBuf);
        t.writeInt64(1, ts / 1_000_000_000L);
        t.writeInt32(2, (int) (ts % 1_000_000_000L));
        t.flush();
        e.writeByteArray(1, tsBuf.toByteArray());
        e.writeString(2, line);
        ByteArrayOutputStream pair = new ByteArrayOutputStream();
        CodedOutputStream p = CodedOutputStream.newInstance(pair);
        p.writeString(1, smName);
        p.writeString(2, smValue);
        p.flush();
        e.writeByteArray(3, pair.toByteArray());
        e.flush();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        CodedOutputStream s = CodedOutputStream.newInstance(stream);
        s.writeString(1, labels);
        s.writeByteArray(2, entry.toByteArray());
        s.flush();
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        CodedOutputStream r = CodedOutputStream.newInstance(req);
        r.writeByteArray(1, stream.toByteArray());
        r.flush();
        byte[] raw = req.toByteArray();
        SnappyCompressor c = new SnappyCompressor();
        byte[] out = new byte[c.maxCompressedLength(raw.length)];
        int n = c.compress(raw, 0, raw.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }

    private static byte[] gzip(String s) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    private JsonNode queryRange(TestServer s, String query) throws Exception {
        HttpResponse<String> r = s.get("/loki/api/v1/query_range", Map.of("query", query, "start", Long.toString(T0 - 1_000_000_000L),
                "end", Long.toString(T0 + 3_600_000_000_000L), "direction", "forward", "limit", "1000"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("data");
    }

    @Test
    void pushesInEveryEncodingAndQueriesBack() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            assertThat(s.post("/loki/api/v1/push", "application/json", null, jsonPush("plain", T0, "json line <b>").getBytes(StandardCharsets.UTF_8))
                    .statusCode()).isEqualTo(204);
            assertThat(s.post("/loki/api/v1/push", "application/json", "gzip", gzip(jsonPush("gz", T0 + 1, "gzip line"))).statusCode())
                    .isEqualTo(204);
            assertThat(s.post("/loki/api/v1/push", "application/x-protobuf", null,
                    protobufPush("{job=\"proto\", env=\"dev\"}", T0 + 2, "proto line", "trace_id", "abc")).statusCode()).isEqualTo(204);

            JsonNode all = queryRange(s, "{job=~\"plain|gz|proto\"}");
            assertThat(all.path("resultType").asText()).isEqualTo("streams");
            assertThat(all.path("result")).hasSize(3);
            assertThat(all.path("stats").path("summary").has("execTime")).isTrue();
            JsonNode filtered = queryRange(s, "{job=~\".+\"} |= \"line\" != \"gzip\"");
            assertThat(filtered.path("result")).hasSize(2);
            assertThat(s.get("/loki/api/v1/labels", Map.of("start", Long.toString(T0 - 1))).body()).contains("\"env\"", "\"job\"");
            assertThat(s.get("/loki/api/v1/label/job/values", Map.of("start", Long.toString(T0 - 1))).body())
                    .contains("\"gz\"", "\"plain\"", "\"proto\"");
            assertThat(s.get("/loki/api/v1/series", Map.of("match[]", "{job=\"proto\"}", "start", Long.toString(T0 - 1))).body())
                    .contains("\"env\":\"dev\"");

            s.server.flushAll();
            assertThat(queryRange(s, "{job=~\"plain|gz|proto\"}").path("result")).hasSize(3);
        }
    }

    @Test
    void badInputGetsClearErrorsAndLosesNothing() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            assertThat(s.post("/loki/api/v1/push", "application/json", null, jsonPush("keep", T0, "kept").getBytes()).statusCode()).isEqualTo(204);
            assertBad(s.post("/loki/api/v1/push", "application/json", null, "{\"streams\":[".getBytes()), 400, "invalid JSON");
            assertBad(s.post("/loki/api/v1/push", "application/json", null, "[1,2]".getBytes()), 400, "JSON object");
            assertBad(s.post("/loki/api/v1/push", "application/json", null, "{\"streams\":[{\"values\":[[\"1\",\"x\"]]}]}".getBytes()),
                    400, "at least one label pair");
            assertBad(s.post("/loki/api/v1/push", "application/json", null,
                    "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\"]]}]}".getBytes()), 400, "log line");
            assertBad(s.post("/loki/api/v1/push", "application/json", null,
                    "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[1,\"x\"]]}]}".getBytes()), 400, "timestamp");
            assertBad(s.post("/loki/api/v1/push", "application/json", null,
                    "{\"streams\":[{\"stream\":{\"1a\":\"b\"},\"values\":[[\"1\",\"x\"]]}]}".getBytes()), 400, "invalid label name");
            assertBad(s.post("/loki/api/v1/push", "application/x-protobuf", null, new byte[]{1, 2, 3, 4, 5}), 400, "snappy");
            byte[] proto = protobufPush("{job=\"p\"}", T0, "x", "a", "b");
            assertBad(s.post("/loki/api/v1/push", "application/x-protobuf", null, Arrays.copyOf(proto, proto.length - 3)), 400, "");
            assertBad(s.post("/loki/api/v1/push", "application/x-protobuf", null, protobufPush("{job=p}", T0, "x", "a", "b")),
                    400, "error parsing labels");
            assertBad(s.post("/loki/api/v1/push", null, null, "{}".getBytes()), 400, "mime: no media type");
            assertBad(s.post("/loki/api/v1/push", "application/json", "br", "{}".getBytes()), 400, "Content-Encoding \"br\" not supported");
            assertBad(s.post("/loki/api/v1/push", "application/json", null,
                    jsonPush("big", T0, "x".repeat(300_000)).getBytes()), 400, "max entry size '262144' bytes exceeded");
            long future = System.currentTimeMillis() * 1_000_000L + 3_600_000_000_000L;
            assertBad(s.post("/loki/api/v1/push", "application/json", null, jsonPush("f", future, "x").getBytes()), 400, "timestamp too new");
            assertBad(s.get("/loki/api/v1/query_range", Map.of("query", "{job=\"keep\"")), 400, "parse error at line 1, col 12");
            assertBad(s.get("/loki/api/v1/query_range", Map.of("query", "{job=\"keep\"}", "direction", "sideways")), 400, "invalid direction");
            assertBad(s.get("/loki/api/v1/query_range", Map.of("query", "{job=\"keep\"}", "start", "abc")), 400,
                    "could not parse 'start' parameter");
            assertBad(s.get("/loki/api/v1/query_range", Map.of("query", "{job=~\"(a+)+$\"} |~ \"(x+x+)+y\"")), 200, "");
            assertBad(s.get("/no/such/endpoint", Map.of()), 404, "404 page not found");

            JsonNode kept = queryRange(s, "{job=\"keep\"}");
            assertThat(kept.path("result").get(0).path("values").get(0).get(1).asText()).isEqualTo("kept");
        }
    }

    @Test
    void invalidUtf8LinesAreStoredAndReturned() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            byte[] body = jsonPush("bin", T0, "ok").getBytes(StandardCharsets.UTF_8);
            assertThat(s.post("/loki/api/v1/push", "application/x-protobuf", null,
                    protobufPush("{job=\"bin\"}", T0, "caf\u00e9", "k", "v")).statusCode()).isEqualTo(204);
            assertThat(body).isNotEmpty();
            JsonNode r = queryRange(s, "{job=\"bin\"}");
            assertThat(r.path("result").get(0).path("values").get(0).get(1).asText()).isEqualTo("caf\u00e9");
        }
    }

    private static void assertBad(HttpResponse<String> r, int status, String text) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).contains(text);
    }
}
