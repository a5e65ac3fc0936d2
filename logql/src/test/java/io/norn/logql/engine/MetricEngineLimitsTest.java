package io.norn.logql.engine;

import io.norn.logql.syntax.LogQL;
import io.norn.logql.syntax.SampleExpr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** max_query_series, query_timeout and cancellation through the public entry point. */
class MetricEngineLimitsTest {
    private static final long HOUR = 3_600_000_000_000L;
    private static final long START = CorpusQueries.nanos("2024-01-15T00:00:00Z");
    private static InMemoryQuerier corpus;
    private final MetricEngine engine = MetricEngine.sequential();

    @BeforeAll
    static void load() {
        corpus = ConformanceCorpus.load();
    }

    private static SampleExpr parse(String q) throws Exception {
        return (SampleExpr) LogQL.parse(q);
    }

    private static QueryWindow twoHours() {
        return QueryWindow.range(START, START + 2 * HOUR, 600_000_000_000L);
    }

    @Test
    void seriesLimitCountsTheResultSeries() throws Exception {
        SampleExpr perStream = parse("count_over_time({format=\"raw\"}[10m])");
        assertThatThrownBy(() -> engine.evaluate(perStream, corpus, twoHours(), new QueryLimits(35, () -> false)))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(QueryException.Kind.SERIES_LIMIT);
                    assertThat(e.status()).isEqualTo(400);
                })
                .hasMessage("maximum of series (35) reached for a single query");
        // 36 raw streams exactly fit; aggregated away they are one series
        assertThat(((Matrix) engine.evaluate(perStream, corpus, twoHours(), new QueryLimits(36, () -> false))).series())
                .hasSize(36);
        assertThat(((Matrix) engine.evaluate(parse("sum(count_over_time({format=\"raw\"}[10m]))"), corpus, twoHours(),
                new QueryLimits(1, () -> false))).series()).hasSize(1);
        // 0 means unlimited
        assertThat(((Matrix) engine.evaluate(perStream, corpus, twoHours(), new QueryLimits(0, () -> false))).series())
                .hasSize(36);
    }

    @Test
    void deadlineStopsEvaluationWithTimeout() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
        QueryLimits limits = QueryLimits.withTimeout(500, Duration.ofSeconds(5), clock, () -> false);
        SampleExpr q = parse("sum by (job) (count_over_time({format=~\".+\"} | json | __error__=\"\" [10m]))");
        // within the deadline the query completes
        assertThat(engine.evaluate(q, corpus, twoHours(), limits)).isInstanceOf(Matrix.class);
        clock.advance(Duration.ofSeconds(5));
        assertThatThrownBy(() -> engine.evaluate(q, corpus, twoHours(), limits))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(QueryException.Kind.TIMEOUT);
                    assertThat(e.status()).isEqualTo(504);
                })
                .hasMessage("context deadline exceeded");
    }

    @Test
    void cancellationIsPolledWhileStreamsAreRead() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        QueryLimits limits = new QueryLimits(500, () -> polls.incrementAndGet() > 10);
        assertThatThrownBy(() -> engine.evaluate(parse("count_over_time({format=\"raw\"}[10m])"), corpus, twoHours(), limits))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.status()).isEqualTo(499));
        assertThat(polls.get()).isEqualTo(11);
    }

    @Test
    void pipelineErrorsFailOnlyWhenParsedLabelsAreKept() throws Exception {
        QueryWindow w = QueryWindow.range(START, START + 2 * HOUR, 1_800_000_000_000L);
        String selector = "{job=\"apache\", format=\"json\"} | json";
        assertThat(engine.evaluate(parse("sum(count_over_time(" + selector + " [30m]))"), corpus, w)).isInstanceOf(Matrix.class);
        assertThatThrownBy(() -> engine.evaluate(parse("sum by (level) (count_over_time(" + selector + " [30m]))"), corpus, w))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.kind()).isEqualTo(QueryException.Kind.PIPELINE_ERROR))
                .hasMessageStartingWith("pipeline error: 'JSONParserErr' for series: '{__error__=\"JSONParserErr\"");
        // a label filter reading __error__ makes the parser run even without labels: the filter then drops errors
        assertThat(engine.evaluate(parse("sum(count_over_time(" + selector + " | __error__=\"\" [30m]))"), corpus, w))
                .isInstanceOf(Matrix.class);
        // count does not lend its grouping: the parser runs and its errors fail the query
        assertThatThrownBy(() -> engine.evaluate(parse("count(count_over_time(" + selector + " [30m]))"), corpus, w))
                .isInstanceOf(QueryException.class);
        assertThat(engine.evaluate(parse("sum by (level) (count_over_time(" + selector + " | drop __error__ [30m]))"), corpus, w))
                .isInstanceOf(Matrix.class);
    }

    /** A clock moved by hand. */
    private static final class ManualClock implements InstantSource {
        private Instant now;

        ManualClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
