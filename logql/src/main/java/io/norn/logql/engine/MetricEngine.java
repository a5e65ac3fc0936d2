package io.norn.logql.engine;

import io.norn.iter.EntryCursor;
import io.norn.iter.StreamCursor;
import io.norn.logql.log.JsonColumns;
import io.norn.logql.log.StreamPipeline;
import io.norn.logql.syntax.SampleExpr;
import io.norn.model.Direction;
import io.norn.model.LabelMatcher;
import io.norn.model.Labels;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Evaluates LogQL metric queries over a {@link Querier} with Loki 2.8's semantics, including the effects
 * of its query splitting (see {@link StepGrid}). Streams are read in parallel on the given executor, at
 * most {@code parallelism} tasks per range aggregation (the calling thread runs one of them). Thread-safe;
 * one instance serves all queries.
 */
public final class MetricEngine {
    /** Loki's default {@code split_queries_by_interval}. */
    public static final long DEFAULT_SPLIT_NANOS = 30L * 60 * 1_000_000_000L;
    private static final String ERROR_LABEL = "__error__";
    private static final int CHECK_EVERY = 4096;

    private final Executor executor;
    private final int parallelism;
    private final long splitNanos;
    private final MetricPlanner planner = new MetricPlanner(LokiTemplates.INSTANCE);

    /**
     * @param executor    runs stream reading tasks; should be bounded (e.g. a fixed pool of the core count)
     * @param parallelism the number of tasks a range aggregation is split into (1 = caller thread only)
     * @param splitNanos  the split interval whose boundary effects are reproduced; 0 for none
     */
    public MetricEngine(Executor executor, int parallelism, long splitNanos) {
        this.executor = requireNonNull(executor, "executor is null");
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        if (splitNanos < 0) throw new IllegalArgumentException("splitNanos is negative: " + splitNanos);
        this.parallelism = parallelism;
        this.splitNanos = splitNanos;
    }

    /** An engine that reads all streams on the calling thread. */
    public static MetricEngine sequential() {
        return new MetricEngine(Runnable::run, 1, DEFAULT_SPLIT_NANOS);
    }

    /**
     * Evaluates a metric query over {@code window}: a {@link Matrix} for a range window; a {@link Vector}, or a
     * {@link Scalar} for a literal-only expression, for an instant window.
     *
     * @throws QueryException with the HTTP status Loki answers with: 400 for pipeline errors, the series limit and
     *                        invalid pipelines; 500 for ambiguous vector matching and storage failures; 499/504 when
     *                        cancelled or past the deadline
     */
    public MetricResult evaluate(SampleExpr expr, Querier querier, QueryWindow window, QueryLimits limits) {
        requireNonNull(expr, "expr is null");
        return evaluate(planner.plan(expr, window.instant() ? splitNanos : 0), querier, window, limits);
    }

    /** As {@link #evaluate(SampleExpr, Querier, QueryWindow, QueryLimits)} with {@link QueryLimits#DEFAULT}. */
    public MetricResult evaluate(SampleExpr expr, Querier querier, QueryWindow window) {
        return evaluate(expr, querier, window, QueryLimits.DEFAULT);
    }

    MetricResult evaluate(MetricPlan plan, Querier querier, QueryWindow window, QueryLimits limits) {
        requireNonNull(plan, "plan is null");
        requireNonNull(querier, "querier is null");
        requireNonNull(window, "window is null");
        requireNonNull(limits, "limits is null");
        StepGrid grid = window.instant()
                ? StepGrid.instant(window.endNanos())
                : StepGrid.range(window.startNanos(), window.endNanos(), window.stepNanos(), splitNanos);
        plan = pushDownGrouping(plan);
        Evaluation ev = new Evaluation(querier, grid, limits);
        Operand primary = ev.eval(plan, false);
        if (primary instanceof Operand.Constant c) {
            if (window.instant()) return new Scalar(grid.first() / 1_000_000L, c.value());
            StepSeries s = new StepSeries(Labels.EMPTY, grid.size());
            for (int i = 0; i < grid.size(); i++) s.set(i, c.value());
            return toMatrix(List.of(s), grid, limits);
        }
        List<StepSeries> result = ((Operand.Vectors) primary).series();
        if (!window.instant() && grid.hasFallback()) {
            result = SubQueryMerge.merge(result, ((Operand.Vectors) ev.eval(plan, true)).series(), grid);
        }
        if (window.instant()) return toVector(result, grid, limits, containsSort(plan));
        return toMatrix(result, grid, limits);
    }

    private static Matrix toMatrix(List<StepSeries> result, StepGrid grid, QueryLimits limits) {
        List<StepSeries> nonEmpty = new ArrayList<>();
        for (StepSeries s : result) if (!s.isEmpty()) nonEmpty.add(s);
        checkSeriesLimit(nonEmpty.size(), limits);
        nonEmpty.sort((a, b) -> a.labels.compareTo(b.labels));
        List<Series> out = new ArrayList<>(nonEmpty.size());
        for (StepSeries s : nonEmpty) {
            int n = s.present.cardinality();
            long[] ts = new long[n];
            double[] v = new double[n];
            int j = 0;
            for (int i = s.present.nextSetBit(0); i >= 0; i = s.present.nextSetBit(i + 1)) {
                ts[j] = Math.floorDiv(grid.stepsNanos()[i], 1_000_000L);
                v[j++] = s.values[i];
            }
            out.add(new Series(s.labels, ts, v));
        }
        return new Matrix(out);
    }

    private static Vector toVector(List<StepSeries> result, StepGrid grid, QueryLimits limits, boolean keepOrder) {
        List<StepSeries> present = new ArrayList<>();
        for (StepSeries s : result) if (s.has(0)) present.add(s);
        checkSeriesLimit(present.size(), limits);
        if (!keepOrder) present.sort((a, b) -> a.labels.compareTo(b.labels));
        List<Sample> samples = new ArrayList<>(present.size());
        for (StepSeries s : present) samples.add(new Sample(s.labels, s.values[0]));
        return new Vector(Math.floorDiv(grid.first(), 1_000_000L), samples);
    }

    private static void checkSeriesLimit(int series, QueryLimits limits) {
        int max = limits.maxQuerySeries();
        if (max > 0 && series > max) {
            throw new QueryException(QueryException.Kind.SERIES_LIMIT, "maximum of series (" + max + ") reached for a single query");
        }
    }

    private static boolean containsSort(MetricPlan plan) {
        return switch (plan) {
            case MetricPlan.VectorAggregation v -> v.op() == VectorAggregation.Op.SORT
                    || v.op() == VectorAggregation.Op.SORT_DESC || containsSort(v.input());
            case MetricPlan.Binary b -> containsSort(b.lhs()) || containsSort(b.rhs());
            case MetricPlan.LabelReplaceNode l -> containsSort(l.input());
            case MetricPlan.RangeAggregation r -> false;
            case MetricPlan.Literal l -> false;
            case MetricPlan.VectorLiteral v -> false;
        };
    }

    /**
     * Moves the grouping of a {@code sum} into the range aggregation below it where that gives the same
     * values (sums of counts, rates, bytes and sums), so fewer series are built, as Loki does.
     */
    static MetricPlan pushDownGrouping(MetricPlan plan) {
        return switch (plan) {
            case MetricPlan.VectorAggregation v -> {
                MetricPlan input = pushDownGrouping(v.input());
                if (v.op() == VectorAggregation.Op.SUM && input instanceof MetricPlan.RangeAggregation r
                        && r.grouping() == null && linear(r.function())) {
                    input = r.withPushdown(v.grouping());
                }
                yield new MetricPlan.VectorAggregation(v.op(), v.grouping(), v.k(), input);
            }
            case MetricPlan.Binary b -> new MetricPlan.Binary(b.op(), b.matching(), b.returnBool(),
                    pushDownGrouping(b.lhs()), pushDownGrouping(b.rhs()));
            case MetricPlan.LabelReplaceNode l -> new MetricPlan.LabelReplaceNode(pushDownGrouping(l.input()), l.replace());
            case MetricPlan.RangeAggregation r -> r;
            case MetricPlan.Literal l -> l;
            case MetricPlan.VectorLiteral v -> v;
        };
    }

    private static boolean linear(RangeFunction f) {
        return switch (f) {
            case COUNT_OVER_TIME, RATE, RATE_VALUES, BYTES_OVER_TIME, BYTES_RATE, SUM_OVER_TIME -> true;
            default -> false;
        };
    }

    /** The value of a plan node over the grid. */
    sealed interface Operand {
        record Constant(double value) implements Operand {
        }

        record Vectors(List<StepSeries> series) implements Operand {
        }
    }

    /** The state of one query evaluation; not thread-safe (stream tasks only touch their own maps). */
    private final class Evaluation {
        private final Querier querier;
        private final StepGrid grid;
        private final QueryLimits limits;
        private final Map<MetricPlan.RangeAggregation, Map<Labels, SampleBuffer>> samples = new IdentityHashMap<>();
        private final Map<MetricPlan.RangeAggregation, Streamed> streamed = new IdentityHashMap<>();

        Evaluation(Querier querier, StepGrid grid, QueryLimits limits) {
            this.querier = querier;
            this.grid = grid;
            this.limits = limits;
        }

        Operand eval(MetricPlan plan, boolean fallback) {
            checkCancelled();
            return switch (plan) {
                case MetricPlan.Literal l -> new Operand.Constant(l.value());
                case MetricPlan.VectorLiteral v -> {
                    StepSeries s = new StepSeries(Labels.EMPTY, grid.size());
                    for (int i = 0; i < grid.size(); i++) s.set(i, v.value());
                    yield new Operand.Vectors(List.of(s));
                }
                case MetricPlan.RangeAggregation r -> new Operand.Vectors(rangeAggregation(r, fallback));
                case MetricPlan.VectorAggregation v -> {
                    Operand in = eval(v.input(), fallback);
                    yield new Operand.Vectors(VectorAggregation.apply(v.op(), v.grouping(), v.k(), vectors(in), grid.size()));
                }
                case MetricPlan.LabelReplaceNode l -> new Operand.Vectors(l.replace().apply(vectors(eval(l.input(), fallback))));
                case MetricPlan.Binary b -> binary(b, fallback);
            };
        }

        private List<StepSeries> vectors(Operand o) {
            return switch (o) {
                case Operand.Vectors v -> v.series();
                case Operand.Constant c -> throw new QueryException(QueryException.Kind.BAD_QUERY,
                        "unexpected literal where a vector is expected");
            };
        }

        private Operand binary(MetricPlan.Binary b, boolean fallback) {
            Operand l = eval(b.lhs(), fallback);
            Operand r = eval(b.rhs(), fallback);
            if (l instanceof Operand.Constant lc && r instanceof Operand.Constant rc) {
                return new Operand.Constant(BinaryOperations.literals(b.op(), lc.value(), rc.value()));
            }
            if (l instanceof Operand.Constant lc) {
                return new Operand.Vectors(BinaryOperations.withLiteral(b.op(), vectors(r), lc.value(), true,
                        b.returnBool(), grid.size()));
            }
            if (r instanceof Operand.Constant rc) {
                return new Operand.Vectors(BinaryOperations.withLiteral(b.op(), vectors(l), rc.value(), false,
                        b.returnBool(), grid.size()));
            }
            return new Operand.Vectors(BinaryOperations.vectors(b.op(), b.matching(), b.returnBool(), vectors(l),
                    vectors(r), grid.size()));
        }

        private List<StepSeries> rangeAggregation(MetricPlan.RangeAggregation r, boolean fallback) {
            if (additive(r.function())) {
                Streamed st = streamed.get(r);
                if (st == null) {
                    st = collectStreamed(r);
                    streamed.put(r, st);
                }
                List<StepSeries> out = new ArrayList<>();
                for (StepSeries s : (fallback ? st.fallback : st.primary).values()) {
                    if (s.isEmpty()) continue;
                    if (s.labels.has(ERROR_LABEL)) throw pipelineError(s.labels);
                    out.add(s);
                }
                return out;
            }
            Map<Labels, SampleBuffer> series = samples.get(r);
            if (series == null) {
                series = collect(r);
                samples.put(r, series);
            }
            List<StepSeries> out = new ArrayList<>(series.size());
            for (Map.Entry<Labels, SampleBuffer> e : series.entrySet()) {
                checkCancelled();
                SampleBuffer buf = r.splitNanos() > 0 ? withoutSplitBoundaries(e.getValue(), r) : e.getValue();
                StepSeries s = RangeWindows.evaluate(e.getKey(), buf, grid, fallback, r.function(),
                        r.rangeNanos(), r.offsetNanos(), r.param());
                if (s.isEmpty()) continue;
                if (s.labels.has(ERROR_LABEL)) throw pipelineError(s.labels);
                out.add(s);
            }
            if (r.function() != RangeFunction.ABSENT_OVER_TIME) return out;
            StepSeries absent = new StepSeries(absentLabels(r.matchers()), grid.size());
            BitSet any = new BitSet(grid.size());
            for (StepSeries s : out) any.or(s.present);
            for (int i = any.nextClearBit(0); i < grid.size(); i = any.nextClearBit(i + 1)) absent.set(i, 1);
            return absent.isEmpty() ? List.of() : List.of(absent);
        }

        /**
         * The samples without those exactly at the inner boundaries of a split range (instant evaluation): each
         * sub-range reads its data with an exclusive end, as the query itself does.
         */
        private SampleBuffer withoutSplitBoundaries(SampleBuffer in, MetricPlan.RangeAggregation r) {
            long end = grid.first() - r.offsetNanos();
            SampleBuffer out = new SampleBuffer(Math.max(16, in.size));
            for (int i = 0; i < in.size; i++) {
                long back = end - in.ts[i];
                boolean boundary = back > 0 && back < r.rangeNanos() && back % r.splitNanos() == 0;
                if (!boundary) out.add(in.ts[i], in.values[i]);
            }
            return out;
        }

        /**
         * For functions whose value over a union of samples is the sum of their values over the parts, each stream
         * is evaluated on its own and the step values are added into the series; memory then grows with streams
         * times steps instead of with samples.
         */
        private Streamed collectStreamed(MetricPlan.RangeAggregation r) {
            List<StreamCursor> streams = select(r);
            Streamed merged = new Streamed();
            forEachStream(streams, stream -> {
                Map<Labels, SampleBuffer> local = new HashMap<>();
                collectStream(r, stream, local);
                Streamed out = new Streamed();
                for (Map.Entry<Labels, SampleBuffer> e : local.entrySet()) {
                    SampleBuffer buf = r.splitNanos() > 0 ? withoutSplitBoundaries(e.getValue(), r) : e.getValue();
                    out.add(RangeWindows.evaluate(e.getKey(), buf, grid, false, r.function(), r.rangeNanos(),
                            r.offsetNanos(), r.param()), false);
                    if (grid.hasFallback()) {
                        out.add(RangeWindows.evaluate(e.getKey(), buf, grid, true, r.function(), r.rangeNanos(),
                                r.offsetNanos(), r.param()), true);
                    }
                }
                return out;
            }, part -> {
                part.primary.values().forEach(s -> merged.add(s, false));
                part.fallback.values().forEach(s -> merged.add(s, true));
            });
            return merged;
        }

        /**
         * Runs {@code work} for every stream on up to {@code parallelism} tasks that take the next stream as they go
         * (streams differ widely in cost), and hands the results to {@code merge} in stream order, under a lock, as
         * soon as all earlier ones are in: the answer does not depend on scheduling, down to floating-point rounding.
         */
        private <T> void forEachStream(List<StreamCursor> streams, Function<StreamCursor, T> work, Consumer<T> merge) {
            int n = streams.size();
            AtomicInteger next = new AtomicInteger();
            Object[] done = new Object[n];
            int[] mergedUpTo = {0};
            int tasks = Math.max(1, Math.min(parallelism, n));
            List<FutureTask<Void>> futures = new ArrayList<>(tasks);
            for (int t = 0; t < tasks; t++) {
                futures.add(new FutureTask<>(() -> {
                    for (int i; (i = next.getAndIncrement()) < n; ) {
                        T result = work.apply(streams.get(i));
                        synchronized (done) {
                            done[i] = result;
                            while (mergedUpTo[0] < n && done[mergedUpTo[0]] != null) {
                                @SuppressWarnings("unchecked")
                                T ready = (T) done[mergedUpTo[0]];
                                done[mergedUpTo[0]++] = null;
                                merge.accept(ready);
                            }
                        }
                    }
                    return null;
                }));
            }
            runAll(futures);
        }

        private List<StreamCursor> select(MetricPlan.RangeAggregation r) {
            long from = grid.first() - r.rangeNanos() - r.offsetNanos();
            long through = grid.last() - r.offsetNanos();
            try {
                return querier.select(new SelectParams(r.matchers(), from, Math.max(from, through), Direction.FORWARD,
                        r.extractor().lineFilter()));
            } catch (IOException e) {
                throw new QueryException(QueryException.Kind.STORAGE, "reading streams failed: " + e.getMessage(), e);
            }
        }

        /** Runs the first task on this thread and the others on the pool; returns their results in order. */
        private <T> List<T> runAll(List<FutureTask<T>> futures) {
            for (int t = 1; t < futures.size(); t++) executor.execute(futures.get(t));
            futures.getFirst().run();
            List<T> out = new ArrayList<>(futures.size());
            try {
                for (FutureTask<T> f : futures) out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                throw new QueryException(QueryException.Kind.CANCELLED, "query cancelled", e);
            } catch (ExecutionException | CancellationException e) {
                futures.forEach(f -> f.cancel(true));
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof QueryException q) throw q;
                if (cause instanceof RuntimeException re) throw re;
                throw new QueryException(QueryException.Kind.EXECUTION, "evaluation failed: " + cause, cause);
            }
            return out;
        }

        /** Reads the selected streams, runs their pipelines and groups the samples into series. */
        private Map<Labels, SampleBuffer> collect(MetricPlan.RangeAggregation r) {
            Map<Labels, SampleBuffer> merged = new HashMap<>();
            forEachStream(select(r), stream -> {
                Map<Labels, SampleBuffer> out = new HashMap<>();
                collectStream(r, stream, out);
                return out;
            }, part -> {
                for (Map.Entry<Labels, SampleBuffer> e : part.entrySet()) {
                    SampleBuffer prev = merged.putIfAbsent(e.getKey(), e.getValue());
                    if (prev != null) prev.addAll(e.getValue());
                }
            });
            return merged;
        }

        private void collectStream(MetricPlan.RangeAggregation r, StreamCursor stream, Map<Labels, SampleBuffer> out) {
            checkCancelled();
            SampleExtractor.Factory factory = r.extractor();
            try (EntryCursor c = stream.entries()) {
                if (factory.readsOnlyLengths()) {
                    // only timestamps, lengths and structured metadata are read: no line text unless storage filters
                    boolean bytes = factory.source() == SampleExtractor.Source.BYTES;
                    StreamPipeline labels = factory.pipeline().forStream(stream.labels());
                    // entries share their metadata set's instance (one per set and block): series looked up per set
                    Map<Labels, SampleBuffer> bySet = new IdentityHashMap<>();
                    Labels lastSet = null;
                    SampleBuffer buf = null;
                    int n = 0;
                    while (c.next()) {
                        Labels set = c.structuredMetadata();
                        if (set != lastSet) {
                            lastSet = set;
                            buf = bySet.get(set);
                            if (buf == null) {
                                buf = out.computeIfAbsent(seriesLabels(r, labels.labelsWithoutStages(set)), l -> new SampleBuffer(256));
                                bySet.put(set, buf);
                            }
                        }
                        buf.add(c.ts(), bytes ? c.lineLength() : 1);
                        if (++n % CHECK_EVERY == 0) checkCancelled();
                    }
                    return;
                }
                SampleExtractor x = factory.forStream(stream.labels());
                Labels lastRaw = null;
                SampleBuffer lastBuf = null;
                // blocks whose `| json` labels storage kept as columns are read from those, without their lines
                boolean mayUseColumns = x.mayUseColumns();
                JsonColumns lastColumns = null;
                boolean fromColumns = false;
                int n = 0;
                while (c.next()) {
                    if (++n % CHECK_EVERY == 0) checkCancelled();
                    long ts = c.ts();
                    JsonColumns columns = mayUseColumns ? c.jsonColumns() : null;
                    if (columns != lastColumns) {
                        lastColumns = columns;
                        fromColumns = columns != null && x.acceptsColumns(columns);
                    }
                    boolean kept = fromColumns ? x.processColumns(ts, c.columnsEntry(), c.structuredMetadata())
                            : x.process(ts, c.line(), c.lineOffset(), c.lineLength(), c.structuredMetadata());
                    if (!kept) continue;
                    Labels raw = x.labels();
                    if (raw != lastRaw) {
                        lastBuf = out.computeIfAbsent(seriesLabels(r, raw), l -> new SampleBuffer());
                        lastRaw = raw;
                    }
                    lastBuf.add(ts, x.value());
                }
            }
        }

        private void checkCancelled() {
            if (Thread.currentThread().isInterrupted() || limits.cancelled().getAsBoolean()) {
                throw new QueryException(QueryException.Kind.CANCELLED, "context canceled");
            }
            if (limits.pastDeadline()) throw new QueryException(QueryException.Kind.TIMEOUT, "context deadline exceeded");
        }
    }

    /**
     * The series a sample belongs to, as Loki's grouped labels: all its labels when it carries an error (so that the
     * error is reported); none for {@code absent_over_time} and {@code by ()}; else its labels reduced by the
     * grouping in effect. Without a {@code by} list, an unwrapped label is dropped.
     */
    static Labels seriesLabels(MetricPlan.RangeAggregation r, Labels raw) {
        if (raw.has(ERROR_LABEL)) return raw;
        if (r.function() == RangeFunction.ABSENT_OVER_TIME) return Labels.EMPTY;
        Grouping g = r.effectiveGrouping();
        String unwrapped = r.unwrapLabel();
        if (g != null && g.noLabels()) return Labels.EMPTY;
        if (unwrapped != null && (g == null || g.without())) {
            List<String> names = new ArrayList<>(g == null ? List.of() : g.names());
            names.add(unwrapped);
            g = new Grouping(true, names);
        }
        return g == null ? raw : g.apply(raw);
    }

    /** True for functions whose value over a union of disjoint sample sets is the sum of their values. */
    static boolean additive(RangeFunction fn) {
        return switch (fn) {
            case COUNT_OVER_TIME, RATE, RATE_VALUES, BYTES_OVER_TIME, BYTES_RATE, SUM_OVER_TIME -> true;
            case RATE_COUNTER, ABSENT_OVER_TIME, AVG_OVER_TIME, MIN_OVER_TIME, MAX_OVER_TIME, STDVAR_OVER_TIME,
                 STDDEV_OVER_TIME, QUANTILE_OVER_TIME, FIRST_OVER_TIME, LAST_OVER_TIME -> false;
        };
    }

    /** Series of an additive range aggregation summed over streams, for the primary and the fallback pass. */
    private static final class Streamed {
        final Map<Labels, StepSeries> primary = new HashMap<>();
        final Map<Labels, StepSeries> fallback = new HashMap<>();

        void add(StepSeries s, boolean fallbackPass) {
            if (s.isEmpty()) return;
            Map<Labels, StepSeries> into = fallbackPass ? fallback : primary;
            StepSeries dst = into.get(s.labels);
            if (dst == null) {
                into.put(s.labels, s);
                return;
            }
            for (int i = s.present.nextSetBit(0); i >= 0; i = s.present.nextSetBit(i + 1)) {
                if (dst.has(i)) dst.values[i] += s.values[i];
                else dst.set(i, s.values[i]);
            }
        }
    }

    static Labels absentLabels(List<LabelMatcher> matchers) {
        Map<String, String> kept = new HashMap<>();
        List<String> dropped = new ArrayList<>();
        for (LabelMatcher m : matchers) {
            if (m.name().equals("__name__")) continue;
            if (m.type() == LabelMatcher.Type.EQ && !kept.containsKey(m.name())) kept.put(m.name(), m.value());
            else dropped.add(m.name());
        }
        dropped.forEach(kept::remove);
        return Labels.of(kept);
    }

    static QueryException pipelineError(Labels labels) {
        String err = labels.get(ERROR_LABEL);
        return new QueryException(QueryException.Kind.PIPELINE_ERROR, "pipeline error: '" + err + "' for series: '"
                + labels + "'.\nUse a label filter to intentionally skip this error. (e.g | __error__!=\"" + err + "\").\n"
                + "To skip all potential errors you can match empty errors.(e.g __error__=\"\")\n"
                + "The label filter can also be specified after unwrap. (e.g | unwrap latency | __error__=\"\" )");
    }
}
