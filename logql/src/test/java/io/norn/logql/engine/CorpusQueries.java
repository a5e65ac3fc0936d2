package io.norn.logql.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The queries of the conformance corpus ({@code queries/queries.jsonl}) with their request parameters. */
final class CorpusQueries {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    /**
     * One query. {@code step} is the text sent to the server (seconds or a duration), empty when absent; times are
     * RFC 3339, empty when absent.
     */
    record Query(String id, String kind, String query, String start, String end, String step, String time,
                 boolean ordered) {
        String group() {
            return id.substring(0, id.lastIndexOf('-'));
        }

        boolean instant() {
            return kind.equals("instant");
        }

        /** The evaluation window; empty when the parameters are invalid (the server answers 400 then). */
        Optional<QueryWindow> window() {
            if (instant()) return Optional.of(QueryWindow.instant(nanos(time)));
            long stepNanos = stepNanos(step);
            long startNanos = nanos(start);
            long endNanos = nanos(end);
            if (stepNanos <= 0 || endNanos < startNanos) return Optional.empty();
            // Loki's limit of 11,000 points per series
            if ((endNanos - startNanos) / stepNanos > 11_000) return Optional.empty();
            return Optional.of(QueryWindow.range(startNanos, endNanos, stepNanos));
        }
    }

    private CorpusQueries() {
    }

    static long nanos(String rfc3339) {
        Instant i = Instant.parse(rfc3339);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** Loki's step parameter: a number of seconds (fractions allowed) or a Prometheus duration. */
    static long stepNanos(String step) {
        try {
            return new BigDecimal(step).movePointRight(9).longValue();
        } catch (NumberFormatException e) {
            Matcher m = DURATION.matcher(step);
            long total = 0;
            int at = 0;
            while (m.find() && m.start() == at) {
                long n = Long.parseLong(m.group(1));
                total += n * switch (m.group(2)) {
                    case "ms" -> 1_000_000L;
                    case "s" -> 1_000_000_000L;
                    case "m" -> 60_000_000_000L;
                    case "h" -> 3_600_000_000_000L;
                    default -> 86_400_000_000_000L;
                };
                at = m.end();
            }
            if (at == 0 || at != step.length()) throw new IllegalArgumentException("bad step: " + step);
            return total;
        }
    }

    static List<Query> load() {
        List<Query> out = new ArrayList<>();
        JsonFactory f = new JsonFactory();
        try {
            for (String line : Files.readAllLines(ConformanceCorpus.dir().resolve("queries").resolve("queries.jsonl"))) {
                if (line.isBlank()) continue;
                try (JsonParser p = f.createParser(line)) {
                    out.add(read(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Query read(JsonParser p) throws IOException {
        String id = "", kind = "", query = "", start = "", end = "", step = "", time = "";
        boolean ordered = false;
        p.nextToken();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "id" -> id = p.getText();
                case "kind" -> kind = p.getText();
                case "query" -> query = p.getText();
                case "start" -> start = p.getText();
                case "end" -> end = p.getText();
                case "step" -> step = p.getText();
                case "time" -> time = p.getText();
                case "ordered" -> ordered = t == JsonToken.VALUE_TRUE;
                default -> p.skipChildren();
            }
        }
        return new Query(id, kind, query, start, end, step, time, ordered);
    }
}
