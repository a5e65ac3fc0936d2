package io.norn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the shared LogQL conformance corpus (answers recorded from real Loki) against the real server:
 * loads the data through the push API, flushes, then compares every query's answer by the corpus' rules.
 * Queries listed in {@code conformance-known-failures.txt} (with the reason) must still not fail with a 5xx
 * unless Loki did; every other query must match exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConformanceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private TestServer server;
    @TempDir
    static Path dir;
    private final Map<String, String> knownFailures = new HashMap<>();

    @BeforeAll
    void load() throws Exception {
        server = new TestServer(dir);
        Path corpus = corpusDir();
        try (Stream<Path> files = Files.list(corpus.resolve("data"))) {
            for (Path f : files.sorted().toList()) {
                List<String> batch = new ArrayList<>();
                for (String line : Files.readAllLines(f)) {
                    if (line.isBlank()) continue;
                    batch.add(line);
                    if (batch.size() == 20) push(batch);
                }
                push(batch);
            }
        }
        server.server.flushAll();
        try (var lines = Files.lines(Path.of(getClass().getResource("/conformance-known-failures.txt").toURI()))) {
            lines.map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(l -> {
                String[] parts = l.split("\\s+", 2);
                knownFailures.put(parts[0], parts.length > 1 ? parts[1] : "");
            });
        }
    }

    private void push(List<String> streams) throws Exception {
        if (streams.isEmpty()) return;
        String body = "{\"streams\":[" + String.join(",", streams) + "]}";
        HttpResponse<String> r = server.post("/loki/api/v1/push", "application/json", null, body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        streams.clear();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    static Path corpusDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("conformance/expected"))) return p.resolve("conformance");
        }
        throw new IllegalStateException("conformance corpus not found");
    }

    @TestFactory
    Stream<DynamicTest> corpus() throws IOException {
        Path corpus = corpusDir();
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : Files.readAllLines(corpus.resolve("queries/queries.jsonl"))) {
            if (line.isBlank()) continue;
            JsonNode q = JSON.readTree(line);
            String id = q.path("id").asText();
            JsonNode expected = JSON.readTree(corpus.resolve("expected/" + id + ".json").toFile());
            tests.add(DynamicTest.dynamicTest(id, () -> check(id, q, expected)));
        }
        return tests.stream();
    }

    private void check(String id, JsonNode q, JsonNode expected) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.path("params").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            params.put(e.getKey(), e.getValue().asText());
        }
        HttpResponse<String> r = server.get(expected.path("endpoint").asText(), params);
        int wantStatus = expected.path("status").asInt();
        String problem = compare(r, expected, q.path("ordered").asBoolean(false));
        String known = knownFailures.get(id);
        if (known != null) {
            if (r.statusCode() >= 500 && wantStatus < 500) fail(id + " crashed with " + r.statusCode() + ": " + r.body());
            if (problem == null) System.out.println("conformance: " + id + " now passes; remove it from the known failures");
            return;
        }
        if (problem != null) fail(id + " (" + q.path("query").asText() + "): " + problem);
    }

    /** Null when the response matches the recorded answer, else what differs. */
    static String compare(HttpResponse<String> r, JsonNode expected, boolean ordered) throws IOException {
        int want = expected.path("status").asInt();
        if (r.statusCode() != want) return "status " + r.statusCode() + " != " + want + ": " + r.body();
        if (want != 200) return null;
        JsonNode data = JSON.readTree(r.body()).path("data");
        String type = expected.path("resultType").asText();
        if (!data.path("resultType").asText().equals(type)) return "resultType " + data.path("resultType") + " != " + type;
        JsonNode got = data.path("result");
        JsonNode exp = expected.path("result");
        return switch (type) {
            case "streams" -> compareStreams(got, exp);
            case "matrix" -> compareSeries(got, exp, "values", false);
            case "vector" -> compareSeries(got, exp, "value", ordered);
            case "scalar" -> samplesEqual(got, exp) ? null : "scalar " + got + " != " + exp;
            default -> "unknown result type " + type;
        };
    }

    private static String compareStreams(JsonNode got, JsonNode exp) {
        Map<String, JsonNode> g = byLabels(got, "stream");
        Map<String, JsonNode> e = byLabels(exp, "stream");
        if (!g.keySet().equals(e.keySet())) return "streams " + g.keySet() + " != " + e.keySet();
        for (String k : e.keySet()) {
            JsonNode gv = g.get(k).path("values");
            JsonNode ev = e.get(k).path("values");
            if (gv.size() != ev.size()) return "stream " + k + ": " + gv.size() + " entries != " + ev.size();
            for (int i = 0; i < ev.size(); i++) {
                if (!gv.get(i).get(0).asText().equals(ev.get(i).get(0).asText()) || !gv.get(i).get(1).asText().equals(ev.get(i).get(1).asText())) {
                    return "stream " + k + " entry " + i + ": " + gv.get(i) + " != " + ev.get(i);
                }
            }
        }
        return null;
    }

    private static String compareSeries(JsonNode got, JsonNode exp, String field, boolean ordered) {
        if (ordered) {
            if (got.size() != exp.size()) return got.size() + " samples != " + exp.size();
            for (int i = 0; i < exp.size(); i++) {
                if (!got.get(i).path("metric").equals(exp.get(i).path("metric")) || !samplesEqual(got.get(i).path(field), exp.get(i).path(field))) {
                    return "sample " + i + ": " + got.get(i) + " != " + exp.get(i);
                }
            }
            return null;
        }
        Map<String, JsonNode> g = byLabels(got, "metric");
        Map<String, JsonNode> e = byLabels(exp, "metric");
        if (!g.keySet().equals(e.keySet())) return "series " + g.keySet() + " != " + e.keySet();
        for (String k : e.keySet()) {
            JsonNode gv = g.get(k).path(field);
            JsonNode ev = e.get(k).path(field);
            if (field.equals("value")) {
                if (!samplesEqual(gv, ev)) return k + ": " + gv + " != " + ev;
                continue;
            }
            if (gv.size() != ev.size()) return k + ": " + gv.size() + " points != " + ev.size() + " " + gv + " vs " + ev;
            for (int i = 0; i < ev.size(); i++) if (!samplesEqual(gv.get(i), ev.get(i))) return k + " point " + i + ": " + gv.get(i) + " != " + ev.get(i);
        }
        return null;
    }

    private static boolean samplesEqual(JsonNode g, JsonNode e) {
        if (Math.round(g.get(0).asDouble() * 1000) != Math.round(e.get(0).asDouble() * 1000)) return false;
        String gs = g.get(1).asText();
        String es = e.get(1).asText();
        if (gs.equals(es)) return true;
        double a;
        double b;
        try {
            a = Double.parseDouble(gs.replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
            b = Double.parseDouble(es.replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
        } catch (NumberFormatException ex) {
            return false;
        }
        if (Double.isNaN(a) || Double.isNaN(b)) return Double.isNaN(a) && Double.isNaN(b);
        if (Double.isInfinite(a) || Double.isInfinite(b)) return a == b;
        return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
    }

    private static Map<String, JsonNode> byLabels(JsonNode list, String field) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode n : list) out.put(new TreeMap<>(JSON.convertValue(n.path(field), Map.class)).toString(), n);
        return out;
    }
}
