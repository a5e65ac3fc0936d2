package io.norn.logql.log.template;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs the templates of the conformance corpus on the recorded lines and compares with what Loki printed.
 * The labels a template saw are the labels of the result stream (line_format does not change them); the
 * input line is found in the corpus data by its (unique) timestamp.
 */
class ConformanceTemplateTest {
    private static Path corpus() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("conformance");
            if (Files.isDirectory(c.resolve("expected"))) return c;
        }
        throw new IllegalStateException("conformance corpus not found");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String s) {
        Object v = Functions.fromJson(s);
        assertThat(v).as("valid JSON").isInstanceOf(Map.class);
        return (Map<String, Object>) v;
    }

    private static Map<String, String> linesByTimestamp(Path dir) throws IOException {
        Map<String, String> byTs = new HashMap<>();
        try (Stream<Path> files = Files.list(dir.resolve("data"))) {
            for (Path f : files.toList()) {
                for (String l : Files.readAllLines(f)) {
                    if (l.isBlank()) continue;
                    for (Object v : (List<?>) json(l).get("values")) {
                        List<?> pair = (List<?>) v;
                        byTs.put((String) pair.get(0), (String) pair.get(1));
                    }
                }
            }
        }
        return byTs;
    }

    /** The Go string literal (double-quoted or back-quoted) that starts at {@code at}. */
    private static String literal(String q, int at) {
        char quote = q.charAt(at);
        int i = at + 1;
        while (q.charAt(i) != quote) i += q.charAt(i) == '\\' && quote == '"' ? 2 : 1;
        return GoText.unquote(q.substring(at, i + 1));
    }

    private record Case(String id, String template, String labelName) {
    }

    private static List<Case> cases(Path dir) throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("queries/queries.jsonl"))) {
            if (l.isBlank()) continue;
            Map<String, Object> q = json(l);
            String id = (String) q.get("id");
            String query = (String) q.get("query");
            if (query.contains("decolorize") || query.startsWith("sum") || id.startsWith("invalid")) continue;
            int lf = query.indexOf("| line_format ");
            if (lf >= 0 && query.indexOf("| line_format ", lf + 1) < 0 && !query.contains("label_format")) {
                int at = lf + "| line_format ".length();
                String t = literal(query, at);
                cases.add(new Case(id, t, null));
            }
        }
        // label_format templates whose input labels are the output labels minus the formatted one
        cases.add(new Case("labelfmt-002", "{{.host}}-{{.env}}", "where"));
        cases.add(new Case("labelfmt-004", "{{ if gt (int .duration_ms) 2000 }}yes{{ else }}no{{ end }}", "slow"));
        cases.add(new Case("labelfmt-006", "{{ div .duration_ms 100 }}", "ms"));
        cases.add(new Case("labelfmt-008", "{{ __timestamp__ | unixEpoch }}", "ts"));
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> templatesMatchLoki() throws IOException {
        Path dir = corpus();
        Map<String, String> lines = linesByTimestamp(dir);
        List<DynamicTest> tests = new ArrayList<>();
        int checked = 0;
        java.util.Set<String> covered = new java.util.TreeSet<>();
        for (Case c : cases(dir)) {
            Map<String, Object> expected = json(Files.readString(dir.resolve("expected/" + c.id + ".json")));
            if (!"streams".equals(expected.get("resultType"))) continue;
            Template template;
            try {
                template = Template.parse(c.labelName == null ? Template.LINE : Template.LABEL, c.template, java.time.ZoneOffset.UTC);
            } catch (TemplateException e) {
                throw new AssertionError(c.id + ": " + e.getMessage(), e);
            }
            for (Object s : (List<?>) expected.get("result")) {
                Map<?, ?> stream = (Map<?, ?>) ((Map<?, ?>) s).get("stream");
                for (Object v : (List<?>) ((Map<?, ?>) s).get("values")) {
                    List<?> pair = (List<?>) v;
                    String ts = (String) pair.get(0);
                    String outLine = (String) pair.get(1);
                    Map<String, String> labels = new TreeMap<>();
                    stream.forEach((k, val) -> labels.put((String) k, (String) val));
                    boolean templateError = "TemplateFormatErr".equals(labels.get("__error__"));
                    String details = labels.get("__error_details__");
                    if (templateError) {
                        labels.remove("__error__");
                        labels.remove("__error_details__");
                    }
                    String want = c.labelName == null ? outLine : labels.remove(c.labelName);
                    String input = c.labelName == null ? lines.get(ts) : outLine;
                    if (input == null) continue;
                    TestContext ctx = new TestContext(labels, input, Long.parseLong(ts));
                    checked++;
                    covered.add(c.id);
                    tests.add(DynamicTest.dynamicTest(c.id + " @" + ts, () -> {
                        if (templateError) {
                            assertThatThrownBy(() -> template.execute(ctx)).hasMessage(details);
                        } else {
                            assertThat(template.execute(ctx)).isEqualTo(want);
                        }
                    }));
                }
            }
        }
        assertThat(checked).as("entries checked").isGreaterThan(300);
        for (int i = 1; i <= 24; i++) assertThat(covered).contains(String.format("linefmt-%03d", i));
        assertThat(covered).contains("error-003", "error-007", "labelfmt-002",
                "labelfmt-004", "labelfmt-006", "labelfmt-008", "json-017");
        return tests.stream();
    }
}
