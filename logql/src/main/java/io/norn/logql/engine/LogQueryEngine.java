package io.norn.logql.engine;

import io.norn.iter.EntryCursor;
import io.norn.iter.StreamCursor;
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
 * Evaluates log queries: selects streams, filters their lines, and merges them by timestamp in the requested
 * direction until {@code limit} entries are found. Thread-safe (stateless); each call is one query.
 */
public final class LogQueryEngine {
    /** One stream of a log query result; entries in the query's direction. */
    public record StreamResult(Labels labels, long[] ts, byte[][] lines) {
    }

    /** The streams of the result and how many lines were examined. */
    public record LogResult(List<StreamResult> streams, long linesProcessed, long bytesProcessed) {
        public int entries() {
            int n = 0;
            for (StreamResult s : streams) n += s.ts().length;
            return n;
        }
    }

    private static final class Head {
        final StreamCursor stream;
        long ts;

        Head(StreamCursor stream) {
            this.stream = stream;
        }
    }

    public LogResult select(Querier querier, List<LabelMatcher> matchers, LinePredicate filter, long fromNanos, long throughNanos,
                            Direction direction, int limit) throws IOException {
        List<StreamCursor> streams = querier.select(new SelectParams(matchers, fromNanos, throughNanos, direction, filter));
        boolean forward = direction == Direction.FORWARD;
        PriorityQueue<Head> queue = new PriorityQueue<>(Math.max(1, streams.size()),
                forward ? (a, b) -> Long.compare(a.ts, b.ts) : (a, b) -> Long.compare(b.ts, a.ts));
        long lines = 0;
        long bytes = 0;
        try {
            for (StreamCursor s : streams) {
                Head h = new Head(s);
                if (s.entries().next()) {
                    h.ts = s.entries().ts();
                    queue.add(h);
                }
            }
            Map<Labels, Builder> out = new LinkedHashMap<>();
            int n = 0;
            while (n < limit && !queue.isEmpty()) {
                Head h = queue.poll();
                EntryCursor c = h.stream.entries();
                lines++;
                bytes += c.lineLength();
                out.computeIfAbsent(h.stream.labels(), l -> new Builder()).add(c.ts(), c.line(), c.lineOffset(), c.lineLength());
                n++;
                if (c.next()) {
                    h.ts = c.ts();
                    queue.add(h);
                }
            }
            List<StreamResult> result = new ArrayList<>(out.size());
            for (Map.Entry<Labels, Builder> e : out.entrySet()) result.add(e.getValue().build(e.getKey()));
            return new LogResult(result, lines, bytes);
        } finally {
            for (StreamCursor s : streams) s.entries().close();
        }
    }

    /** Collects one stream's entries. */
    private static final class Builder {
        private long[] ts = new long[16];
        private byte[][] lines = new byte[16][];
        private int n;

        void add(long t, byte[] buf, int off, int len) {
            if (n == ts.length) {
                ts = Arrays.copyOf(ts, n * 2);
                lines = Arrays.copyOf(lines, n * 2);
            }
            ts[n] = t;
            lines[n++] = Arrays.copyOfRange(buf, off, off + len);
        }

        StreamResult build(Labels labels) {
            return new StreamResult(labels, Arrays.copyOf(ts, n), Arrays.copyOf(lines, n));
        }
    }
}
