package io.norn.logql.engine;

import io.norn.iter.EntryCursor;
import io.norn.iter.StreamCursor;
import io.norn.logql.syntax.BinaryOpExpr;
import io.norn.logql.syntax.LabelReplaceExpr;
import io.norn.logql.syntax.LiteralExpr;
import io.norn.logql.syntax.LogQL;
import io.norn.logql.syntax.RangeAggregationExpr;
import io.norn.logql.syntax.SampleExpr;
import io.norn.logql.syntax.VectorAggregationExpr;
import io.norn.logql.syntax.VectorExpr;
import io.norn.model.Direction;
import io.norn.model.Labels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of query splitting and stream sharding, checked on the corpus data for the corpus' metric queries that
 * succeed:
 * <ul>
 * <li>evaluating a range query with {@code split_queries_by_interval} = S gives what evaluating each of the
 * reference's sub-queries on its own (no splitting) and merging them as the reference's frontend does gives,
 * for S = 15m, 30m, 1h;</li>
 * <li>where no entry lies exactly on an evaluation time (minus offset), the reference's answer cannot depend on
 * splitting (only such entries are seen or not depending on where a sub-query ends), and the answers with no
 * splitting, 15m, 30m and 1h are equal;</li>
 * <li>reading streams in parallel tasks on a pool gives the answer of reading them on one thread.</li>
 * </ul>
 */
class SplitAndShardPropertyTest {
    private static final long MINUTE = 60_000_000_000L;
    private static final long[] INTERVALS = {15 * MINUTE, 30 * MINUTE, 60 * MINUTE};

    private static InMemoryQuerier corpus;
    private static List<CorpusQueries.Query> queries;
    private static ExecutorService pool;

    @BeforeAll
    static void load() {
        corpus = ConformanceCorpus.load();
        queries = new ArrayList<>();
        for (CorpusQueries.Query q : MetricConformanceTest.metricQueries()) {
            if (ExpectedAnswer.load(q.id()).status() == 200) queries.add(q);
        }
        pool = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    private static SampleExpr parse(CorpusQueries.Query q) {
        try {
            return (SampleExpr) LogQL.parse(q.query());
        } catch (io.norn.logql.syntax.ParseException e) {
            throw new AssertionError(q.id() + " answered 200 in the reference but does not parse", e);
        }
    }

    @Test
    void splitEvaluationEqualsMergedSubQueries() {
        MetricEngine unsplit = new MetricEngine(Runnable::run, 1, 0);
        int checked = 0;
        for (CorpusQueries.Query q : queries) {
            if (q.instant()) continue;
            QueryWindow w = q.window().orElseThrow();
            SampleExpr e = parse(q);
            for (long interval : INTERVALS) {
                MetricResult whole = new MetricEngine(Runnable::run, 1, interval).evaluate(e, corpus, w);
                Map<Labels, List<long[]>> merged = new LinkedHashMap<>();
                Map<Labels, List<Double>> values = new LinkedHashMap<>();
                for (Matrix part : inMergeOrder(subQueries(w, interval), sub -> (Matrix) unsplit.evaluate(e, corpus, sub))) {
                    for (Series s : part.series()) {
                        List<long[]> ts = merged.computeIfAbsent(s.metric(), l -> new ArrayList<>());
                        List<Double> vs = values.computeIfAbsent(s.metric(), l -> new ArrayList<>());
                        for (int i = 0; i < s.size(); i++) {
                            // the merge keeps a series' points only while they advance in time
                            if (!ts.isEmpty() && ts.getLast()[0] >= s.tsMillis()[i]) continue;
                            ts.add(new long[]{s.tsMillis()[i]});
                            vs.add(s.values()[i]);
                        }
                    }
                }
                List<Series> series = new ArrayList<>();
                for (Map.Entry<Labels, List<long[]>> m : merged.entrySet()) {
                    long[] t = m.getValue().stream().mapToLong(x -> x[0]).toArray();
                    double[] v = values.get(m.getKey()).stream().mapToDouble(Double::doubleValue).toArray();
                    series.add(new Series(m.getKey(), t, v));
                }
                assertThat(difference(whole, new Matrix(series)))
                        .as("%s split by %d minutes", q.id(), interval / MINUTE).isNull();
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(80);
    }

    @Test
    void splitIntervalDoesNotMatterWithoutEntriesOnEvaluationTimes() {
        MetricEngine unsplit = new MetricEngine(Runnable::run, 1, 0);
        int checked = 0;
        int boundaryQueries = 0;
        for (CorpusQueries.Query q : queries) {
            if (q.instant()) continue;
            QueryWindow w = q.window().orElseThrow();
            SampleExpr e = parse(q);
            if (hasEntryOnEvaluationTime(e, w)) {
                boundaryQueries++;
                continue;
            }
            MetricResult reference = unsplit.evaluate(e, corpus, w);
            for (long interval : INTERVALS) {
                assertThat(difference(reference, new MetricEngine(Runnable::run, 1, interval).evaluate(e, corpus, w)))
                        .as("%s split by %d minutes", q.id(), interval / MINUTE).isNull();
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(60);
        assertThat(boundaryQueries).as("queries over entries on evaluation times").isGreaterThan(5);
    }

    @Test
    void shardingStreamsAcrossThePoolGivesTheSameAnswer() {
        MetricEngine sequential = MetricEngine.sequential();
        for (int parallelism : new int[]{2, 4, 7}) {
            MetricEngine sharded = new MetricEngine(pool, parallelism, MetricEngine.DEFAULT_SPLIT_NANOS);
            for (CorpusQueries.Query q : queries) {
                QueryWindow w = q.window().orElseThrow();
                SampleExpr e = parse(q);
                assertThat(difference(sequential.evaluate(e, corpus, w), sharded.evaluate(e, corpus, w)))
                        .as("%s with %d tasks", q.id(), parallelism).isNull();
            }
        }
    }

    /**
     * The sub-query results in the order the reference's frontend merges them: they arrive latest first and are
     * stably sorted by the first sample of their first series in label order (none: first).
     */
    static List<Matrix> inMergeOrder(List<QueryWindow> subQueries, java.util.function.Function<QueryWindow, Matrix> eval) {
        List<Matrix> parts = new ArrayList<>();
        for (QueryWindow sub : subQueries.reversed()) parts.add(eval.apply(sub));
        parts.sort(java.util.Comparator.comparingLong(SplitAndShardPropertyTest::firstTime));
        return parts;
    }

    private static long firstTime(Matrix m) {
        return m.series().stream().min(java.util.Comparator.comparing(Series::metric, SubQueryMerge.LOKI_ORDER))
                .map(s -> s.tsMillis()[0]).orElse(Long.MIN_VALUE);
    }

    /** The reference's sub-queries of a range query split by {@code interval} (Loki's splitMetricByTime). */
    static List<QueryWindow> subQueries(QueryWindow w, long interval) {
        long step = w.stepNanos();
        long start = Math.floorDiv(w.startNanos(), step) * step;
        long end = Math.floorDiv(w.endNanos() + step - 1, step) * step;
        List<QueryWindow> out = new ArrayList<>();
        if (step >= interval) {
            for (long s = start; s < end; s += step) out.add(QueryWindow.range(s, Math.min(s + step, end), step));
            if (out.isEmpty()) out.add(QueryWindow.range(start, end, step));
            return out;
        }
        for (long s = start; s < end; ) {
            long startOfNext = (Math.floorDiv(s, interval) + 1) * interval;
            long boundary = startOfNext - ((startOfNext - s) % step);
            if (boundary == startOfNext) boundary -= step;
            long e = boundary + step >= end ? end : boundary;
            out.add(QueryWindow.range(s, e, step));
            s = boundary + step;
        }
        if (out.isEmpty()) out.add(QueryWindow.range(start, end, step));
        return out;
    }

    /** Whether a stream the query selects has an entry exactly at an evaluation time minus the offset. */
    private static boolean hasEntryOnEvaluationTime(SampleExpr e, QueryWindow w) {
        List<RangeAggregationExpr> ranges = new ArrayList<>();
        collectRanges(e, ranges);
        StepGrid grid = StepGrid.range(w.startNanos(), w.endNanos(), w.stepNanos(), 0);
        for (RangeAggregationExpr r : ranges) {
            Set<Long> times = new HashSet<>();
            for (StreamCursor s : corpus.select(SelectParams.of(r.range().selector().matchers(), Long.MIN_VALUE / 2,
                    Long.MAX_VALUE / 2, Direction.FORWARD))) {
                try (EntryCursor c = s.entries()) {
                    while (c.next()) times.add(c.ts());
                }
            }
            for (long t : grid.stepsNanos()) if (times.contains(t - r.range().offsetNanos())) return true;
        }
        return false;
    }

    private static void collectRanges(SampleExpr e, List<RangeAggregationExpr> out) {
        switch (e) {
            case RangeAggregationExpr r -> out.add(r);
            case VectorAggregationExpr v -> collectRanges(v.inner(), out);
            case BinaryOpExpr b -> {
                collectRanges(b.lhs(), out);
                collectRanges(b.rhs(), out);
            }
            case LabelReplaceExpr l -> collectRanges(l.inner(), out);
            case LiteralExpr l -> {
            }
            case VectorExpr v -> {
            }
        }
    }

    /** Null when both results are equal (values within the corpus' tolerance), else the first difference. */
    static String difference(MetricResult a, MetricResult b) {
        return switch (a) {
            case Scalar s -> b instanceof Scalar t && s.tsMillis() == t.tsMillis() && ExpectedAnswer.close(s.value(), t.value())
                    ? null : a + " vs " + b;
            case Vector v -> {
                if (!(b instanceof Vector u) || v.tsMillis() != u.tsMillis() || v.samples().size() != u.samples().size()) {
                    yield a + " vs " + b;
                }
                for (int i = 0; i < v.samples().size(); i++) {
                    Sample x = v.samples().get(i);
                    Sample y = u.samples().get(i);
                    if (!x.metric().equals(y.metric()) || !ExpectedAnswer.close(x.value(), y.value())) yield x + " vs " + y;
                }
                yield null;
            }
            case Matrix m -> {
                if (!(b instanceof Matrix n)) yield a + " vs " + b;
                Map<Labels, Series> other = new LinkedHashMap<>();
                for (Series s : n.series()) other.put(s.metric(), s);
                if (other.size() != m.series().size()) yield "series " + m.series().size() + " vs " + other.size() + ": " + a + " vs " + b;
                for (Series s : m.series()) {
                    Series t = other.get(s.metric());
                    if (t == null || t.size() != s.size()) yield s + " vs " + t;
                    for (int i = 0; i < s.size(); i++) {
                        if (s.tsMillis()[i] != t.tsMillis()[i] || !ExpectedAnswer.close(s.values()[i], t.values()[i])) yield s + " vs " + t;
                    }
                }
                yield null;
            }
        };
    }
}
