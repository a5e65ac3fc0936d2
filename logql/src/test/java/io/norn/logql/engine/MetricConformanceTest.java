package io.norn.logql.engine;

import io.norn.logql.syntax.Expr;
import io.norn.logql.syntax.LogQL;
import io.norn.logql.syntax.LogSelectorExpr;
import io.norn.logql.syntax.ParseException;
import io.norn.logql.syntax.SampleExpr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every metric query of the conformance corpus through {@link LogQL#parse} and
 * {@link MetricEngine#evaluate(SampleExpr, Querier, QueryWindow, QueryLimits)} over the corpus data, with the
 * reference's {@code split_queries_by_interval} of 30m, and compares with the answers recorded from Loki 2.8: the
 * result under the corpus' comparison rules, or for errors the HTTP status (400 for parse errors, invalid request
 * parameters, pipeline errors and limits; 500 for many-to-many matching).
 */
class MetricConformanceTest {
    private static final Set<String> GROUPS = Set.of("range", "unwrap", "offset", "agg", "binop", "labelreplace",
            "vector", "instant", "step", "error", "invalid", "api");

    /** Queries whose answer differs from the reference, each with the reason. */
    static final Map<String, String> KNOWN_DIFFERENCES = Map.of();

    private static InMemoryQuerier corpus;

    @BeforeAll
    static void load() {
        corpus = ConformanceCorpus.load();
    }

    /** The metric queries of the groups above: those with a step, and instant queries that are not log queries. */
    static List<CorpusQueries.Query> metricQueries() {
        List<CorpusQueries.Query> out = new ArrayList<>();
        for (CorpusQueries.Query q : CorpusQueries.load()) {
            if (!GROUPS.contains(q.group())) continue;
            if (q.instant() ? isLogQuery(q.query()) : q.step().isEmpty()) continue;
            out.add(q);
        }
        return out;
    }

    private static boolean isLogQuery(String query) {
        try {
            return LogQL.parse(query) instanceof LogSelectorExpr;
        } catch (ParseException e) {
            return false;
        }
    }

    @Test
    void metricQueriesMatchTheRecordedAnswers() {
        MetricEngine engine = MetricEngine.sequential();
        List<String> failures = new ArrayList<>();
        List<String> unexpectedPasses = new ArrayList<>();
        int passed = 0;
        List<CorpusQueries.Query> queries = metricQueries();
        for (CorpusQueries.Query q : queries) {
            String diff = run(engine, q);
            boolean known = KNOWN_DIFFERENCES.containsKey(q.id());
            if (diff == null) {
                passed++;
                if (known) unexpectedPasses.add(q.id());
            } else if (!known) {
                failures.add(q.id() + ": " + q.query() + "\n    " + diff);
            }
        }
        System.out.printf("metric conformance: %d of %d passed, %d known differences%n", passed, queries.size(),
                KNOWN_DIFFERENCES.size());
        assertThat(queries.size()).isGreaterThan(120);
        assertThat(unexpectedPasses).as("known differences that now pass").isEmpty();
        assertThat(failures).as("%d of %d metric queries differ", failures.size(), queries.size()).isEmpty();
    }

    /** Null when the answer matches the recorded one, else a description of the difference. */
    static String run(MetricEngine engine, CorpusQueries.Query q) {
        ExpectedAnswer expected = ExpectedAnswer.load(q.id());
        int status;
        MetricResult result = null;
        try {
            Expr e = LogQL.parse(q.query());
            if (!(e instanceof SampleExpr s)) return "not a metric query";
            Optional<QueryWindow> window = q.window();
            if (window.isEmpty()) {
                status = 400;
            } else {
                result = engine.evaluate(s, corpus, window.get(), QueryLimits.DEFAULT);
                status = 200;
            }
        } catch (ParseException e) {
            status = 400;
        } catch (QueryException e) {
            status = e.status();
            if (status != expected.status()) return "status " + status + " (" + e.getMessage() + "), expected " + expected.status();
        }
        if (status != expected.status()) return "status " + status + ", expected " + expected.status();
        if (status != 200) return null;
        return expected.compare(result, q.ordered());
    }
}
