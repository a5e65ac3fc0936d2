package io.norn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A minimal HTTP client for Loki's API, used by end-to-end tests against an in-process server or a server
 * process. Every request has a timeout, so a hung server fails the test instead of hanging it. Thread-safe.
 */
final class LokiClient {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    /** One returned log line. */
    record Line(long tsNanos, String line) {
    }

    LokiClient(String base) {
        this.base = base;
    }

    static LokiClient forPort(int port) {
        return new LokiClient("http://127.0.0.1:" + port);
    }

    HttpResponse<String> get(String path, Map<String, String> params) throws IOException, InterruptedException {
        String q = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(base + path + (q.isEmpty() ? "" : "?" + q))).timeout(REQUEST_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, String contentEncoding, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) b.header("Content-Type", contentType);
        if (contentEncoding != null) b.header("Content-Encoding", contentEncoding);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> pushJson(List<PushBodies.Stream> streams) throws IOException, InterruptedException {
        return post("/loki/api/v1/push", "application/json", null, PushBodies.json(streams).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> pushProtobuf(List<PushBodies.Stream> streams) throws IOException, InterruptedException {
        return post("/loki/api/v1/push", "application/x-protobuf", null, PushBodies.snappyProtobuf(streams));
    }

    /**
     * Runs a log query over {@code [startNanos, endNanos)} in forward direction and returns the streams by label
     * set (sorted by name), each with its lines in answer order. Fails the test on any status but 200.
     */
    Map<Map<String, String>, List<Line>> queryRange(String query, long startNanos, long endNanos, int limit)
            throws IOException, InterruptedException {
        HttpResponse<String> r = get("/loki/api/v1/query_range", Map.of("query", query, "start", Long.toString(startNanos),
                "end", Long.toString(endNanos), "direction", "forward", "limit", Integer.toString(limit)));
        assertThat(r.statusCode()).as("query_range %s: %s", query, r.body()).isEqualTo(200);
        JsonNode data = JSON.readTree(r.body()).path("data");
        assertThat(data.path("resultType").asText()).as(r.body()).isEqualTo("streams");
        Map<Map<String, String>, List<Line>> out = new LinkedHashMap<>();
        for (JsonNode s : data.path("result")) {
            Map<String, String> labels = new TreeMap<>();
            for (Map.Entry<String, JsonNode> l : s.path("stream").properties()) labels.put(l.getKey(), l.getValue().asText());
            List<Line> lines = out.computeIfAbsent(labels, k -> new ArrayList<>());
            for (JsonNode v : s.path("values")) lines.add(new Line(Long.parseLong(v.get(0).asText()), v.get(1).asText()));
        }
        return out;
    }

    /** The status of GET /ready, or -1 when nothing answers. */
    int readyStatus() throws InterruptedException {
        try {
            return get("/ready", Map.of()).statusCode();
        } catch (IOException e) {
            // Not listening yet, or gone: the caller polls.
            return -1;
        }
    }

    /** The sum of all samples of one metric family in /metrics (0 when absent). */
    double metric(String name) throws IOException, InterruptedException {
        HttpResponse<String> r = get("/metrics", Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        double sum = 0;
        for (String line : r.body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
