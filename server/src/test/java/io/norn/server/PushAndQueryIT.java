package io.norn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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

    static byte[] protobufPush(String labels, long ts, String line, String smName, String smValue) {
        return PushBodies.snappyProtobuf(labels, List.of(new PushBodies.Entry(ts, line, Map.of(smName, smValue))));
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
            byte[] prefix = ("{\"streams\":[{\"stream\":{\"job\":\"bin\"},\"values\":[[\"" + T0 + "\",\"bad ").getBytes(StandardCharsets.UTF_8);
            byte[] suffix = " end\"]]}]}".getBytes(StandardCharsets.UTF_8);
            byte[] body = new byte[prefix.length + 2 + suffix.length];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            body[prefix.length] = (byte) 0xff;
            body[prefix.length + 1] = (byte) 0xc3;
            System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);
            assertThat(s.post("/loki/api/v1/push", "application/json", null, body).statusCode()).isEqualTo(204);
            assertThat(s.post("/loki/api/v1/push", "application/x-protobuf", null,
                    protobufPush("{job=\"bin\"}", T0 + 1, "caf\u00e9", "k", "v")).statusCode()).isEqualTo(204);
            JsonNode r = queryRange(s, "{job=\"bin\"}");
            List<String> lines = new java.util.ArrayList<>();
            for (JsonNode stream : r.path("result")) for (JsonNode v : stream.path("values")) lines.add(v.get(1).asText());
            assertThat(lines).containsExactlyInAnyOrder("bad \ufffd\ufffd end", "caf\u00e9");
        }
    }

    @Test
    void categorizedLabelsAndFormatQuery() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            String body = "{\"streams\":[{\"stream\":{\"job\":\"cat\"},\"values\":[[\"" + T0
                    + "\",\"level=warn msg=hi\",{\"trace_id\":\"t1\"}]]}]}";
            assertThat(s.post("/loki/api/v1/push", "application/json", null, body.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(204);
            Map<String, String> params = Map.of("query", "{job=\"cat\"} | logfmt | trace_id=\"t1\"",
                    "start", Long.toString(T0 - 1_000_000_000L), "end", Long.toString(T0 + 1_000_000_000L));
            JsonNode merged = JSON.readTree(s.get("/loki/api/v1/query_range", params).body()).path("data");
            assertThat(merged.path("result").get(0).path("stream").path("trace_id").asText()).isEqualTo("t1");
            assertThat(merged.path("result").get(0).path("stream").path("level").asText()).isEqualTo("warn");

            HttpResponse<String> r = s.get("/loki/api/v1/query_range", params,
                    Map.of("X-Loki-Response-Encoding-Flags", "categorize-labels"));
            JsonNode data = JSON.readTree(r.body()).path("data");
            assertThat(data.path("encodingFlags").get(0).asText()).isEqualTo("categorize-labels");
            JsonNode stream = data.path("result").get(0);
            assertThat(stream.path("stream").has("trace_id")).isFalse();
            JsonNode categories = stream.path("values").get(0).get(2);
            assertThat(categories.path("structuredMetadata").path("trace_id").asText()).isEqualTo("t1");
            assertThat(categories.path("parsed").path("level").asText()).isEqualTo("warn");

            HttpResponse<String> f = s.get("/loki/api/v1/format_query", Map.of("query", "{job=\"cat\"}|=\"x\"|json"));
            assertThat(f.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(f.body()).path("data").asText()).isEqualTo("{job=\"cat\"} |= \"x\" | json");
            HttpResponse<String> bad = s.get("/loki/api/v1/format_query", Map.of("query", "{job=\"cat\""));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).path("status").asText()).isEqualTo("invalid-query");
        }
    }

    @Test
    void metricSeriesCarryStructuredMetadataAsLoki3Does() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            String body = "{\"streams\":[{\"stream\":{\"job\":\"sm\"},\"values\":["
                    + "[\"" + T0 + "\",\"an error here\",{\"trace_id\":\"a\"}],"
                    + "[\"" + (T0 + 1) + "\",\"all fine\",{\"trace_id\":\"b\"}],"
                    + "[\"" + (T0 + 2) + "\",\"another error\",{\"trace_id\":\"a\"}]]}]}";
            assertThat(s.post("/loki/api/v1/push", "application/json", null, body.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(204);
            for (String phase : List.of("head", "store")) {
                if (phase.equals("store")) assertThat(s.post("/flush", "text/plain", null, new byte[0]).statusCode()).isEqualTo(204);
                // no stage at all, a line filter storage applies, a label filter: each series is one trace
                assertThat(countsByTrace(s, "count_over_time({job=\"sm\"}[5m])")).as(phase).isEqualTo(Map.of("a", 2, "b", 1));
                assertThat(countsByTrace(s, "count_over_time({job=\"sm\"} |= \"error\" [5m])")).as(phase).isEqualTo(Map.of("a", 2));
                assertThat(countsByTrace(s, "count_over_time({job=\"sm\"} | trace_id=\"b\" [5m])")).as(phase).isEqualTo(Map.of("b", 1));
            }
        }
    }

    /** JSON lines: metric queries over stored blocks read their json column; the answers are those of parsing. */
    @Test
    void metricQueriesOverJsonLinesAnswerTheSameFromHeadAndStore() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            String[] methods = {"GET", "POST", "PUT"};
            Map<String, Double> errorsByMethod = new java.util.TreeMap<>();
            Map<String, Double> maxLatencyByMethod = new java.util.TreeMap<>();
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < 600; i++) {
                String method = methods[i % 3];
                int status = i % 7 == 0 ? 503 : 200;
                double latency = (i * 37 % 1000) / 8.0;
                if (status >= 500) errorsByMethod.merge(method, 1.0, Double::sum);
                maxLatencyByMethod.merge(method, latency, Math::max);
                String line = "{\"level\":\"" + (status >= 500 ? "error" : "info") + "\",\"method\":\"" + method
                        + "\",\"path\":\"/orders/" + i + "\",\"status\":" + status + ",\"latency_ms\":" + latency
                        + ",\"msg\":\"" + "request handled ".repeat(8) + i + "\"}";
                values.append(i == 0 ? "" : ",").append("[\"").append(T0 + i * 1_000_000L).append("\",").append(quote(line)).append("]");
            }
            String body = "{\"streams\":[{\"stream\":{\"job\":\"api\",\"level\":\"info\"},\"values\":[" + values + "]}]}";
            assertThat(s.post("/loki/api/v1/push", "application/json", null, body.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(204);
            for (String phase : List.of("head", "store")) {
                if (phase.equals("store")) assertThat(s.post("/flush", "text/plain", null, new byte[0]).statusCode()).isEqualTo(204);
                assertThat(instantByLabel(s, "sum by (method) (count_over_time({job=\"api\"} | json | status >= 500 [1h]))", "method"))
                        .as(phase).isEqualTo(errorsByMethod);
                assertThat(instantByLabel(s, "max_over_time({job=\"api\"} | json | unwrap latency_ms [1h]) by (method)", "method"))
                        .as(phase).isEqualTo(maxLatencyByMethod);
                // the stream's own level makes the parsed one level_extracted
                assertThat(instantByLabel(s, "sum by (level_extracted) (count_over_time({job=\"api\"} | json | method=\"GET\" [1h]))",
                        "level_extracted")).as(phase).isEqualTo(Map.of("error", 29.0, "info", 171.0));
                // needs the path, whose values are not kept: the lines are parsed
                assertThat(instantByLabel(s, "sum by (path) (count_over_time({job=\"api\"} | json | path=\"/orders/7\" [1h]))", "path"))
                        .as(phase).isEqualTo(Map.of("/orders/7", 1.0));
            }
        }
    }

    /** An instant query's values by one label of their series. */
    private static Map<String, Double> instantByLabel(TestServer s, String query, String label) throws Exception {
        HttpResponse<String> r = s.get("/loki/api/v1/query", Map.of("query", query, "time", Long.toString(T0 + 60_000_000_000L)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, Double> out = new java.util.TreeMap<>();
        for (JsonNode series : JSON.readTree(r.body()).path("data").path("result")) {
            out.put(series.path("metric").path(label).asText(), series.path("value").get(1).asDouble());
        }
        return out;
    }

    private static Map<String, Integer> countsByTrace(TestServer s, String query) throws Exception {
        HttpResponse<String> r = s.get("/loki/api/v1/query", Map.of("query", query, "time", Long.toString(T0 + 60_000_000_000L)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (JsonNode series : JSON.readTree(r.body()).path("data").path("result")) {
            assertThat(series.path("metric").path("job").asText()).isEqualTo("sm");
            counts.put(series.path("metric").path("trace_id").asText(), series.path("value").get(1).asInt());
        }
        return counts;
    }

    private static void assertBad(HttpResponse<String> r, int status, String text) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).contains(text);
    }
}
