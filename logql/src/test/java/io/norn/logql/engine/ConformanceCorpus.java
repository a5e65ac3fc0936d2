package io.norn.logql.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.norn.model.Labels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The shared LogQL conformance corpus kept at the repository root ({@code conformance/}): loads its data
 * into an {@link InMemoryQuerier}. Queries are in {@code queries/queries.jsonl}, answers in {@code expected/}.
 */
public final class ConformanceCorpus {
    private ConformanceCorpus() {
    }

    /** The corpus directory, found from the module directory Maven runs tests in. */
    public static Path dir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("conformance");
            if (Files.isDirectory(c.resolve("expected"))) return c;
        }
        throw new IllegalStateException("conformance corpus not found above " + Path.of("").toAbsolutePath());
    }

    public static InMemoryQuerier load() {
        InMemoryQuerier q = new InMemoryQuerier();
        JsonFactory f = new JsonFactory();
        try (Stream<Path> files = Files.list(dir().resolve("data"))) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.isBlank()) continue;
                    try (JsonParser p = f.createParser(line)) {
                        readStream(p, q);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return q;
    }

    /** One stream object of the corpus: {@code {"stream": {labels}, "values": [[ts, line], ...]}}. */
    record StreamObject(Labels labels, java.util.List<String[]> values) {
    }

    private static void readStream(JsonParser p, InMemoryQuerier q) throws IOException {
        p.nextToken();
        StreamObject s = readStreamObject(p);
        for (String[] v : s.values()) q.add(s.labels(), Long.parseLong(v[0]), v[1]);
    }

    /** Reads a stream object whose START_OBJECT is the current token; returns after its END_OBJECT. */
    static StreamObject readStreamObject(JsonParser p) throws IOException {
        TreeMap<String, String> labels = new TreeMap<>();
        java.util.List<String[]> values = new java.util.ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("stream")) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    labels.put(name, p.getText());
                }
            } else if (field.equals("values")) {
                while (p.nextToken() == JsonToken.START_ARRAY) {
                    p.nextToken();
                    String ts = p.getText();
                    p.nextToken();
                    String line = p.getText();
                    p.nextToken();
                    values.add(new String[]{ts, line});
                }
            } else {
                p.skipChildren();
            }
        }
        return new StreamObject(Labels.of(labels), values);
    }
}
