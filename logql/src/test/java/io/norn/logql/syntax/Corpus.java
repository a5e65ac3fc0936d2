package io.norn.logql.syntax;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The queries of the conformance corpus with their recorded HTTP status and error text. */
final class Corpus {
    record Query(String id, String query, int status, String error) {
        @Override
        public String toString() {
            return id;
        }
    }

    private static List<Query> cached;

    private Corpus() {
    }

    static synchronized List<Query> queries() {
        if (cached != null) return cached;
        Path dir = dir();
        JsonFactory f = new JsonFactory();
        List<Query> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dir.resolve("queries/queries.jsonl"))) {
                if (line.isBlank()) continue;
                String id = null;
                String query = null;
                try (JsonParser p = f.createParser(line)) {
                    p.nextToken();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        p.nextToken();
                        if (name.equals("id")) id = p.getText();
                        else if (name.equals("query")) query = p.getText();
                        else p.skipChildren();
                    }
                }
                int status = 0;
                String error = "";
                try (JsonParser p = f.createParser(dir.resolve("expected/" + id + ".json").toFile())) {
                    p.nextToken();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        p.nextToken();
                        if (name.equals("status")) status = p.getIntValue();
                        else if (name.equals("error")) error = p.getText();
                        else p.skipChildren();
                    }
                }
                out.add(new Query(id, query, status, error));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cached = List.copyOf(out);
        return cached;
    }

    private static Path dir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("conformance");
            if (Files.isDirectory(c.resolve("expected"))) return c;
        }
        throw new IllegalStateException("conformance corpus not found above " + Path.of("").toAbsolutePath());
    }
}
