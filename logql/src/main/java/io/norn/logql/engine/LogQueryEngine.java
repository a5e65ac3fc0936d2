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
import java.util.PriorityQueue;

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

    /** A log query: matchers, compiled pipeline, storage pushdown filter, range, order and limit. */
    public record LogQuery(List<LabelMatcher> matchers, Pipeline pipeline, LinePredicate pushdown, long fromNanos,
                           long throughNanos, Direction direction, int limit, boolean categorizeLabels) {
        public LogQuery {
            matchers = List.copyOf(matchers);
        }
    }

    /** A stream's cursor positioned on its next entry that passed the pipeline. */
    private static final class Head {
        final EntryCursor cursor;
        final StreamPipeline pipeline;
        long ts;

        Head(EntryCursor cursor, StreamPipeline pipeline) {
            this.cursor = cursor;
            this.pipeline = pipeline;
        }

        /** Advances to the next entry the pipeline keeps; false at the end of the stream. */
        boolean advance(long[] counters) {
            while (cursor.next()) {
                counters[0]++;
                counters[1] += cursor.lineLength();
                if (pipeline.process(cursor.ts(), cursor.line(), cursor.lineOffset(), cursor.lineLength(), cursor.structuredMetadata())) {
                    ts = cursor.ts();
                    return true;
                }
            }
            return false;
        }
    }

    public LogResult select(Querier querier, LogQuery q) throws IOException {
        List<StreamCursor> streams = querier.select(new SelectParams(q.matchers(), q.fromNanos(), q.throughNanos(), q.direction(),
                q.pushdown()));
        boolean forward = q.direction() == Direction.FORWARD;
        PriorityQueue<Head> queue = new PriorityQueue<>(Math.max(1, streams.size()),
                forward ? (a, b) -> Long.compare(a.ts, b.ts) : (a, b) -> Long.compare(b.ts, a.ts));
        long[] counters = new long[2];
        try {
            for (StreamCursor s : streams) {
                Head h = new Head(s.entries(), q.pipeline().forStream(s.labels()));
                if (h.advance(counters)) queue.add(h);
            }
            Map<Labels, Builder> out = new LinkedHashMap<>();
            int n = 0;
            while (n < q.limit() && !queue.isEmpty()) {
                Head h = queue.poll();
                StreamPipeline p = h.pipeline;
                Labels key = q.categorizeLabels() ? p.streamLabels() : p.labels();
                out.computeIfAbsent(key, l -> new Builder())
                        .add(h.ts, p.lineBuffer(), p.lineOffset(), p.lineLength(), p.structuredMetadata(), p.parsedLabels());
                n++;
                if (h.advance(counters)) queue.add(h);
            }
            List<StreamResult> result = new ArrayList<>(out.size());
            for (Map.Entry<Labels, Builder> e : out.entrySet()) result.add(e.getValue().build(e.getKey()));
            return new LogResult(result, counters[0], counters[1]);
        } finally {
            for (StreamCursor s : streams) s.entries().close();
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
