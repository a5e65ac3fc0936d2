package io.norn.logql.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.norn.model.Labels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A recorded answer of the conformance corpus ({@code expected/<id>.json}) and the corpus' comparison rules. */
record ExpectedAnswer(String id, int status, String resultType, List<Row> rows, double[] scalar) {
    /** One series (matrix) or sample (vector, with a single point). */
    record Row(Labels metric, long[] tsMillis, double[] values) {
    }

    static ExpectedAnswer load(String id) {
        Path file = ConformanceCorpus.dir().resolve("expected").resolve(id + ".json");
        try (JsonParser p = new JsonFactory().createParser(Files.readAllBytes(file))) {
            int status = 0;
            String type = "";
            List<Row> rows = new ArrayList<>();
            double[] scalar = null;
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                switch (f) {
                    case "status" -> status = p.getIntValue();
                    case "resultType" -> type = p.getText();
                    case "result" -> {
                        if (t == JsonToken.START_ARRAY && type.equals("scalar")) {
                            p.nextToken();
                            double ts = p.getDoubleValue();
                            p.nextToken();
                            double v = parseValue(p.getText());
                            p.nextToken();
                            scalar = new double[]{ts, v};
                        } else {
                            while (p.nextToken() == JsonToken.START_OBJECT) rows.add(readRow(p));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            return new ExpectedAnswer(id, status, type, rows, scalar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Row readRow(JsonParser p) throws IOException {
        Labels metric = Labels.EMPTY;
        List<long[]> ts = new ArrayList<>();
        List<Double> vs = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
                case "metric" -> {
                    TreeMap<String, String> m = new TreeMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String n = p.currentName();
                        p.nextToken();
                        m.put(n, p.getText());
                    }
                    metric = Labels.of(m);
                }
                case "values" -> {
                    while (p.nextToken() == JsonToken.START_ARRAY) {
                        p.nextToken();
                        ts.add(new long[]{Math.round(p.getDoubleValue() * 1000)});
                        p.nextToken();
                        vs.add(parseValue(p.getText()));
                        p.nextToken();
                    }
                }
                case "value" -> {
                    p.nextToken();
                    ts.add(new long[]{Math.round(p.getDoubleValue() * 1000)});
                    p.nextToken();
                    vs.add(parseValue(p.getText()));
                    p.nextToken();
                }
                default -> p.skipChildren();
            }
        }
        long[] t = new long[ts.size()];
        double[] v = new double[vs.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = ts.get(i)[0];
            v[i] = vs.get(i);
        }
        return new Row(metric, t, v);
    }

    private static double parseValue(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    /** Compares by the corpus rules; returns null when equal, else a description of the first difference. */
    String compare(MetricResult actual, boolean ordered) {
        if (status != 200) return "expected status " + status + " but the query succeeded";
        List<Row> got = new ArrayList<>();
        String type;
        switch (actual) {
            case Matrix m -> {
                type = "matrix";
                for (Series s : m.series()) got.add(new Row(s.metric(), s.tsMillis(), s.values()));
            }
            case Vector v -> {
                type = "vector";
                for (Sample s : v.samples()) got.add(new Row(s.metric(), new long[]{v.tsMillis()}, new double[]{s.value()}));
            }
            case Scalar s -> {
                if (!resultType.equals("scalar")) return "resultType scalar, expected " + resultType;
                if (Math.round(scalar[0] * 1000) != s.tsMillis() || !close(scalar[1], s.value())) {
                    return "scalar " + s + " expected " + scalar[0] + " " + scalar[1];
                }
                return null;
            }
        }
        if (!type.equals(resultType)) return "resultType " + type + ", expected " + resultType;
        if (got.size() != rows.size()) return "series count " + got.size() + " expected " + rows.size() + ": got " + describe(got) + " expected " + describe(rows);
        Map<Labels, Row> byLabels = new HashMap<>();
        for (Row r : got) byLabels.put(r.metric(), r);
        for (int i = 0; i < rows.size(); i++) {
            Row e = rows.get(i);
            Row g = ordered ? got.get(i) : byLabels.get(e.metric());
            if (g == null || !g.metric().equals(e.metric())) return "missing series " + e.metric() + "; got " + describe(got);
            if (g.tsMillis().length != e.tsMillis().length) return "series " + e.metric() + ": " + render(g) + " expected " + render(e);
            for (int j = 0; j < e.tsMillis().length; j++) {
                if (g.tsMillis()[j] != e.tsMillis()[j] || !close(e.values()[j], g.values()[j])) {
                    return "series " + e.metric() + ": " + render(g) + " expected " + render(e);
                }
            }
        }
        return null;
    }

    private static String describe(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        for (Row r : rows) sb.append(r.metric()).append(' ');
        return sb.toString();
    }

    private static String render(Row r) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < r.tsMillis().length; i++) sb.append(r.tsMillis()[i] / 1000).append('=').append(r.values()[i]).append(' ');
        return sb.append(']').toString();
    }

    static boolean close(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) return Double.isNaN(expected) && Double.isNaN(actual);
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) return expected == actual;
        if (expected == actual) return true;
        return Math.abs(expected - actual) <= 1e-9 * Math.max(Math.abs(expected), Math.abs(actual));
    }
}
