package io.norn.logql.engine;

import io.norn.model.LabelMatcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hand-built plans for corpus queries without pipelines, compared with the recorded answers. */
class MetricEnginePlanTest {
    private static InMemoryQuerier corpus;
    private final MetricEngine engine = MetricEngine.sequential();

    @BeforeAll
    static void load() {
        corpus = ConformanceCorpus.load();
    }

    private static long ns(String rfc3339) {
        Instant i = Instant.parse(rfc3339);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private static QueryWindow range(String start, String end, long stepSeconds) {
        return QueryWindow.range(ns(start), ns(end), stepSeconds * 1_000_000_000L);
    }

    private static MetricPlan.RangeAggregation ra(RangeFunction f, long rangeSeconds, LabelMatcher... m) {
        return ra(f, rangeSeconds, 0, m);
    }

    private static MetricPlan.RangeAggregation ra(RangeFunction f, long rangeSeconds, long offsetSeconds, LabelMatcher... m) {
        return new MetricPlan.RangeAggregation(f, 0, List.of(m),
                SampleExtractor.Factory.noPipeline(f == RangeFunction.BYTES_OVER_TIME || f == RangeFunction.BYTES_RATE),
                rangeSeconds * 1_000_000_000L, offsetSeconds * 1_000_000_000L, null, null);
    }

    private static MetricPlan sumBy(MetricPlan in, String... by) {
        return new MetricPlan.VectorAggregation(VectorAggregation.Op.SUM, new Grouping(false, List.of(by)), 0, in);
    }

    private void check(String id, MetricPlan plan, QueryWindow w) {
        MetricResult r = engine.evaluate(plan, corpus, w, QueryLimits.DEFAULT);
        assertThat(ExpectedAnswer.load(id).compare(r, false)).as(id).isNull();
    }

    private static final String S = "2024-01-15T00:00:00Z";
    private static final String E = "2024-01-15T02:00:00Z";

    @Test
    void countOverTime() {
        check("range-001", ra(RangeFunction.COUNT_OVER_TIME, 300, LabelMatcher.eq("job", "apache"), LabelMatcher.eq("format", "raw")),
                range(S, E, 300));
    }

    @Test
    void entriesOnStepBoundaries() {
        LabelMatcher[] m = {LabelMatcher.eq("job", "apache"), LabelMatcher.eq("format", "raw"), LabelMatcher.eq("host", "gamma"),
                LabelMatcher.eq("env", "prod")};
        check("range-016", ra(RangeFunction.COUNT_OVER_TIME, 60, m), range(S, "2024-01-15T00:30:00Z", 60));
        check("step-007", ra(RangeFunction.COUNT_OVER_TIME, 60, m), range("2024-01-15T00:10:00Z", "2024-01-15T00:15:00Z", 60));
        MetricResult r = engine.evaluate(ra(RangeFunction.COUNT_OVER_TIME, 60, m), corpus,
                QueryWindow.instant(ns("2024-01-15T00:51:00Z")), QueryLimits.DEFAULT);
        assertThat(ExpectedAnswer.load("instant-010").compare(r, false)).isNull();
    }

    @Test
    void steps() {
        check("step-001", new MetricPlan.VectorAggregation(VectorAggregation.Op.SUM, Grouping.ALL, 0,
                ra(RangeFunction.COUNT_OVER_TIME, 300, LabelMatcher.eq("job", "hdfs"), LabelMatcher.eq("format", "raw"))), range(S, E, 420));
        check("step-003", sumBy(ra(RangeFunction.RATE, 120, LabelMatcher.eq("job", "apache"), LabelMatcher.eq("format", "raw"))),
                range("2024-01-15T01:00:00Z", "2024-01-15T01:20:00Z", 37));
        check("step-006", sumBy(ra(RangeFunction.COUNT_OVER_TIME, 420, LabelMatcher.eq("format", "raw"))),
                range("2024-01-15T00:02:30Z", "2024-01-15T00:58:00Z", 300));
        check("step-008", sumBy(ra(RangeFunction.COUNT_OVER_TIME, 600, LabelMatcher.eq("format", "raw")), "job"),
                range("2024-01-15T00:30:00Z", "2024-01-15T01:30:00Z", 7200));
    }

    @Test
    void parallelEngineGivesTheSameAnswer() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            MetricEngine parallel = new MetricEngine(pool, 2, MetricEngine.DEFAULT_SPLIT_NANOS);
            MetricPlan plan = sumBy(ra(RangeFunction.COUNT_OVER_TIME, 600, LabelMatcher.eq("format", "raw")), "job");
            MetricResult r = parallel.evaluate(plan, corpus, range(S, E, 600), QueryLimits.DEFAULT);
            assertThat(ExpectedAnswer.load("agg-002").compare(r, false)).isNull();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void offsetAndAbsent() {
        check("offset-001", ra(RangeFunction.COUNT_OVER_TIME, 600, 1800, LabelMatcher.eq("job", "apache"),
                LabelMatcher.eq("format", "raw"), LabelMatcher.eq("host", "alpha")), range(S, E, 600));
        check("range-007", ra(RangeFunction.ABSENT_OVER_TIME, 300, LabelMatcher.eq("job", "nope"), LabelMatcher.eq("host", "x")),
                range(S, E, 900));
        check("range-010", ra(RangeFunction.ABSENT_OVER_TIME, 60, LabelMatcher.eq("job", "linux"), LabelMatcher.eq("format", "raw")),
                range("2024-01-15T01:55:00Z", "2024-01-15T02:05:00Z", 60));
    }

    @Test
    void binaryOperations() {
        MetricPlan lhs = sumBy(ra(RangeFunction.COUNT_OVER_TIME, 1800, LabelMatcher.eq("format", "raw")), "job", "host");
        MetricPlan rhs = sumBy(ra(RangeFunction.COUNT_OVER_TIME, 1800, LabelMatcher.eq("format", "raw")), "host");
        MetricPlan apache = sumBy(ra(RangeFunction.COUNT_OVER_TIME, 1800, LabelMatcher.eq("job", "apache"), LabelMatcher.eq("format", "raw")), "host");
        MetricPlan json = sumBy(ra(RangeFunction.COUNT_OVER_TIME, 1800, LabelMatcher.eq("format", "json")), "job", "host");
        check("binop-010", new MetricPlan.Binary(BinaryOperations.Op.DIV,
                new BinaryOperations.Matching(BinaryOperations.Cardinality.ONE_TO_MANY, false, List.of("job"), List.of()),
                false, apache, json), range(S, E, 1800));
        MetricPlan hdfs = sumBy(ra(RangeFunction.COUNT_OVER_TIME, 1800, LabelMatcher.eq("job", "hdfs"), LabelMatcher.eq("format", "raw")), "host");
        assertThatThrownBy(() -> engine.evaluate(new MetricPlan.Binary(BinaryOperations.Op.SUB,
                new BinaryOperations.Matching(BinaryOperations.Cardinality.ONE_TO_ONE, false, List.of("job"), List.of()),
                false, lhs, hdfs), corpus, range(S, E, 1800), QueryLimits.DEFAULT))
                .isInstanceOf(QueryException.class)
                .satisfies(e -> assertThat(((QueryException) e).status()).isEqualTo(500));
        MetricPlan hdfs10 = sumBy(ra(RangeFunction.COUNT_OVER_TIME, 600, LabelMatcher.eq("job", "hdfs"), LabelMatcher.eq("format", "raw")), "host");
        check("binop-023", new MetricPlan.Binary(BinaryOperations.Op.DIV, BinaryOperations.Matching.DEFAULT, false, hdfs10,
                new MetricPlan.Literal(0)), range(S, E, 1800));
        check("binop-021", new MetricPlan.Literal(509.5), range(S, E, 1800));
    }

    @Test
    void seriesLimit() {
        assertThatThrownBy(() -> engine.evaluate(ra(RangeFunction.COUNT_OVER_TIME, 600, LabelMatcher.eq("format", "raw")),
                corpus, range(S, E, 600), new QueryLimits(10, () -> false)))
                .isInstanceOf(QueryException.class)
                .hasMessage("maximum of series (10) reached for a single query");
    }
}
