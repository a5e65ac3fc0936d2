package io.norn.logql.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.norn.iter.EntryCursor;
import io.norn.iter.StreamCursor;
import io.norn.logql.log.Pipeline;
import io.norn.logql.log.StreamPipeline;
import io.norn.logql.syntax.LabelFormatExpr;
import io.norn.logql.syntax.LineFormatExpr;
import io.norn.logql.syntax.LogQL;
import io.norn.logql.syntax.LogSelectorExpr;
import io.norn.logql.syntax.StageExpr;
import io.norn.model.Direction;
import io.norn.model.Labels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the non-metric queries of the pipeline groups of the conformance corpus through select, the compiled pipeline
 * and Loki's limit/direction handling, and compares streams and entries with the recorded answers. Queries using
 * templates are left to the template-aware test of the engine.
 */
class PipelineConformanceTest {
    private static final Pattern GROUPS = Pattern.compile(
            "(json|logfmt|regexp|pattern|unpack|labelfilter|error|linefmt|labelfmt|drop|decolorize|ip|filter)-\\d+");
    /** Queries whose answer is known to differ from the reference (none at present). */
    private static final java.util.Set<String> KNOWN_DIFFERENCES = java.util.Set.of();
    private static InMemoryQuerier querier;

    @BeforeAll
    static void load() {
        querier = ConformanceCorpus.load();
    }

    @Test
    void pipelineQueriesMatchTheRecordedAnswers() throws Exception {
        List<String> failures = new ArrayList<>();
        int run = 0;
        try (var files = Files.list(ConformanceCorpus.dir().resolve("expected"))) {
            for (Path f : files.sorted().toList()) {
                String id = f.getFileName().toString().replace(".json", "");
                if (!GROUPS.matcher(id).matches() || KNOWN_DIFFERENCES.contains(id)) continue;
                Expected e = Expected.read(f);
                if (e.status != 200 || !"streams".equals(e.resultType)) continue;
                LogSelectorExpr sel = LogQL.parseLogSelector(e.query);
                if (usesTemplates(sel.stages())) continue;
                run++;
                TreeMap<Labels, List<String[]>> actual = runQuery(sel, e);
                if (!actual.equals(e.streams) && !same(actual, e.streams)) {
                    failures.add(id + ": " + e.query + "\n  expected " + describe(e.streams) + "\n  actual   " + describe(actual));
                }
            }
        }
        assertThat(run).isGreaterThan(50);
        assertThat(failures).as("%d of %d queries failed", failures.size(), run).isEmpty();
    }

    private static boolean usesTemplates(List<StageExpr> stages) {
        for (StageExpr s : stages) {
            if (s instanceof LineFormatExpr) return true;
            if (s instanceof LabelFormatExpr lf && lf.formats().stream().anyMatch(x -> !x.rename())) return true;
        }
        return false;
    }

    private static boolean same(TreeMap<Labels, List<String[]>> a, TreeMap<Labels, List<String[]>> b) {
        if (!a.keySet().equals(b.keySet())) return false;
        for (Map.Entry<Labels, List<String[]>> e : a.entrySet()) {
            List<String[]> x = e.getValue();
            List<String[]> y = b.get(e.getKey());
            if (x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) {
                if (!x.get(i)[0].equals(y.get(i)[0]) || !x.get(i)[1].equals(y.get(i)[1])) return false;
            }
        }
        return true;
    }

    private static String describe(TreeMap<Labels, List<String[]>> streams) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (Map.Entry<Labels, List<String[]>> e : streams.entrySet()) {
            if (n++ == 3) {
                sb.append(" ... (").append(streams.size()).append(" streams)");
                break;
            }
            sb.append(e.getKey()).append(" x").append(e.getValue().size());
            if (!e.getValue().isEmpty()) sb.append(" first=").append(e.getValue().get(0)[0]).append(' ').append(e.getValue().get(0)[1]);
            sb.append("; ");
        }
        return sb.toString();
    }

    private static TreeMap<Labels, List<String[]>> runQuery(LogSelectorExpr sel, Expected e) throws Exception {
        Pipeline pipeline = PipelineCompiler.compile(sel.stages(), text -> {
            throw new IllegalArgumentException("templates are not compiled in this test");
        });
        Direction dir = e.forward ? Direction.FORWARD : Direction.BACKWARD;
        SelectParams params = new SelectParams(sel.matchers(), e.start, e.end, dir, PipelineCompiler.linePredicate(sel.stages()));
        List<Object[]> entries = new ArrayList<>(); // ts, labels, line
        for (StreamCursor sc : querier.select(params)) {
            StreamPipeline sp = pipeline.forStream(sc.labels());
            try (EntryCursor c = sc.entries()) {
                while (c.next()) {
                    if (!sp.process(c.ts(), c.line(), c.lineOffset(), c.lineLength(), c.structuredMetadata())) continue;
                    entries.add(new Object[]{c.ts(), sp.labels(),
                            new String(sp.lineBuffer(), sp.lineOffset(), sp.lineLength(), StandardCharsets.UTF_8)});
                }
            }
        }
        Comparator<Object[]> byTs = Comparator.comparingLong(o -> (Long) o[0]);
        entries.sort(e.forward ? byTs : byTs.reversed());
        TreeMap<Labels, List<String[]>> out = new TreeMap<>();
        for (int i = 0; i < Math.min(e.limit, entries.size()); i++) {
            Object[] o = entries.get(i);
            out.computeIfAbsent((Labels) o[1], k -> new ArrayList<>()).add(new String[]{Long.toString((Long) o[0]), (String) o[2]});
        }
        return out;
    }

    private static final class Expected {
        String query;
        int status;
        String resultType;
        long start;
        long end;
        int limit = 100;
        boolean forward;
        final TreeMap<Labels, List<String[]>> streams = new TreeMap<>();

        static Expected read(Path f) throws Exception {
            Expected e = new Expected();
            try (JsonParser p = new JsonFactory().createParser(Files.readAllBytes(f))) {
                p.nextToken();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    switch (name) {
                        case "query" -> e.query = p.getText();
                        case "status" -> e.status = p.getIntValue();
                        case "resultType" -> e.resultType = p.getText();
                        case "params" -> {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String k = p.currentName();
                                p.nextToken();
                                switch (k) {
                                    case "start" -> e.start = Long.parseLong(p.getText());
                                    case "end" -> e.end = Long.parseLong(p.getText());
                                    case "limit" -> e.limit = Integer.parseInt(p.getText());
                                    case "direction" -> e.forward = p.getText().equalsIgnoreCase("forward");
                                    default -> p.skipChildren();
                                }
                            }
                        }
                        case "result" -> {
                            if (p.currentToken() != JsonToken.START_ARRAY) {
                                p.skipChildren();
                                break;
                            }
                            while (p.nextToken() == JsonToken.START_OBJECT) {
                                ConformanceCorpus.StreamObject so = ConformanceCorpus.readStreamObject(p);
                                e.streams.put(so.labels(), so.values());
                            }
                        }
                        default -> p.skipChildren();
                    }
                }
            }
            return e;
        }
    }
}
