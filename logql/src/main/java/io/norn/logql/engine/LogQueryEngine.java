package io.norn.logql.engine;

import io.norn.iter.EntryCursor;
import io.norn.iter.StreamCursor;
import io.norn.logql.log.Pipeline;
import io.norn.logql.log.StreamPipeline;
import io.norn.model.Direction;
import io.norn.model.LabelMatcher;
import io.norn.model.Labels;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Evaluates log queries: selects streams, runs each stream's pipeline, and merges the surviving entries by
 * timestamp in the requested direction until {@code limit} entries are found. Thread-safe (stateless).
 */
public final class LogQueryEngine {
    /**
     * One stream of a log query result, entries in the query's direction, each with its structured metadata and
     * parsed labels (used when labels are returned categorized; then the stream holds only the indexed labels).
     */
    public record StreamResult(Labels labels, long[] ts, byte[][] lines, Labels[] structuredMetadata, Labels[] parsed) {
    }

    /** The streams of the result and how many lines were examined. */
    public record LogResult(List<StreamResult> streams, long linesProcessed, long bytesProcessed) {
        public int entries() {
            int n = 0;
            for (StreamResult s : streams) n += s.ts().length;
            return n;
        }
    }

    /**
     * A log query: matchers, the pipeline run on the lines storage returns after its pushdown filter (see
     * {@link PipelineCompiler#compileBehindPushdown}), that filter, range, order and limit.
     */
    public record LogQuery(List<LabelMatcher> matchers, Pipeline pipeline, LinePredicate pushdown, long fromNanos,
                           long throughNanos, Direction direction, int limit, boolean categorizeLabels) {
        public LogQuery {
            matchers = List.copyOf(matchers);
        }
    }

    private final Executor executor;
    private final int parallelism;

    /** Evaluates on the calling thread only. */
    public LogQueryEngine() {
        this(Runnable::run, 1);
    }

    /** Spreads the streams of a query over {@code parallelism} tasks, the first on the calling thread. */
    public LogQueryEngine(Executor executor, int parallelism) {
        this.executor = requireNonNull(executor, "executor is null");
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be positive: " + parallelism);
        this.parallelism = parallelism;
    }

    /**
     * Each task scans its streams in the query's direction and offers matching entries to a shared top-{@code limit}
     * set; a stream stops as soon as its entries can no longer make the set, so a small limit reads little while a
     * rare needle is searched on every core.
     */
    public LogResult select(Querier querier, LogQuery q) throws IOException {
        List<StreamCursor> streams = querier.select(new SelectParams(q.matchers(), q.fromNanos(), q.throughNanos(), q.direction(),
                q.pushdown()));
        TopEntries top = new TopEntries(q.limit(), q.direction() == Direction.FORWARD);
        int tasks = Math.max(1, Math.min(parallelism, streams.size()));
        AtomicLong lines = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        List<FutureTask<Void>> futures = new ArrayList<>(tasks);
        AtomicInteger next = new AtomicInteger(); // tasks take the next stream as they go: streams differ in cost
        for (int t = 0; t < tasks; t++) {
            futures.add(new FutureTask<>(() -> {
                long[] counters = new long[2];
                for (int i; (i = next.getAndIncrement()) < streams.size(); ) scan(streams.get(i), q, top, counters);
                lines.addAndGet(counters[0]);
                bytes.addAndGet(counters[1]);
                return null;
            }));
        }
        try {
            for (int t = 1; t < tasks; t++) executor.execute(futures.get(t));
            futures.getFirst().run();
            for (FutureTask<Void> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures.forEach(f -> f.cancel(true));
            throw new QueryException(QueryException.Kind.CANCELLED, "query cancelled", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof IOException io) throw io;
            throw new QueryException(QueryException.Kind.EXECUTION, "log query failed: " + cause, cause);
        } finally {
            for (StreamCursor s : streams) s.entries().close();
        }
        Map<Labels, Builder> out = new LinkedHashMap<>();
        for (TopEntries.Entry e : top.inOrder()) {
            out.computeIfAbsent(q.categorizeLabels() ? e.streamLabels() : e.labels(), l -> new Builder())
                    .add(e.ts(), e.line(), 0, e.line().length, e.structuredMetadata(), e.parsed());
        }
        List<StreamResult> result = new ArrayList<>(out.size());
        for (Map.Entry<Labels, Builder> e : out.entrySet()) result.add(e.getValue().build(e.getKey()));
        return new LogResult(result, lines.get(), bytes.get());
    }

    private static void scan(StreamCursor stream, LogQuery q, TopEntries top, long[] counters) {
        StreamPipeline p = q.pipeline().forStream(stream.labels());
        EntryCursor c = stream.entries();
        while (c.next()) {
            counters[0]++;
            counters[1] += c.lineLength();
            long ts = c.ts();
            if (!top.mayTake(ts)) return;
            if (p.process(ts, c.line(), c.lineOffset(), c.lineLength(), c.structuredMetadata())) {
                top.offer(ts, p);
            }
        }
    }

    /** Collects one result stream's entries. */
    private static final class Builder {
        private long[] ts = new long[16];
        private byte[][] lines = new byte[16][];
        private Labels[] sm = new Labels[16];
        private Labels[] parsed = new Labels[16];
        private int n;

        void add(long t, byte[] buf, int off, int len, Labels structuredMetadata, Labels parsedLabels) {
            if (n == ts.length) {
                ts = Arrays.copyOf(ts, n * 2);
                lines = Arrays.copyOf(lines, n * 2);
                sm = Arrays.copyOf(sm, n * 2);
                parsed = Arrays.copyOf(parsed, n * 2);
            }
            ts[n] = t;
            lines[n] = Arrays.copyOfRange(buf, off, off + len);
            sm[n] = structuredMetadata;
            parsed[n] = parsedLabels;
            n++;
        }

        StreamResult build(Labels labels) {
            return new StreamResult(labels, Arrays.copyOf(ts, n), Arrays.copyOf(lines, n), Arrays.copyOf(sm, n), Arrays.copyOf(parsed, n));
        }
    }
}
