package io.norn.store;

import io.norn.chunkenc.Block;
import io.norn.chunkenc.DecodedBlock;
import io.norn.encoding.CorruptionException;
import io.norn.iter.EntryCursor;
import io.norn.logql.engine.LinePredicate;
import io.norn.model.Direction;
import io.norn.model.Labels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Merges the blocks of one stream (head and store, possibly overlapping after out-of-order writes) into one
 * ordered cursor without duplicates. Sources are opened lazily, in time order, so a query with a small limit
 * decodes only the blocks it reaches. Not thread-safe.
 */
final class MergingEntryCursor implements EntryCursor {
    /** Something that yields blocks: a stored chunk (read on demand), a compressed block, or a head snapshot. */
    interface Source {
        long minTs();

        long maxTs();

        /** Expands into sub-sources (a chunk into its blocks) or opens a block (returns a single decoded block). */
        List<Source> expand() throws IOException;

        /** Non-null for sources that are decoded blocks. */
        default DecodedBlock decoded() {
            return null;
        }
    }

    static Source ofBlock(Block b) {
        return new Source() {
            public long minTs() {
                return b.minTs();
            }

            public long maxTs() {
                return b.maxTs();
            }

            public List<Source> expand() throws CorruptionException {
                return List.of(ofDecoded(b.decodeMeta(), b.minTs(), b.maxTs()));
            }
        };
    }

    static Source ofDecoded(DecodedBlock d, long minTs, long maxTs) {
        return new Source() {
            public long minTs() {
                return minTs;
            }

            public long maxTs() {
                return maxTs;
            }

            public List<Source> expand() {
                return List.of(this);
            }

            public DecodedBlock decoded() {
                return d;
            }
        };
    }

    /** A queue node: an unopened source keyed by its bound, or a position in a decoded block keyed by ts. */
    private static final class Node {
        Source source;
        DecodedBlock block;
        int index;
        int end;
        long key;
    }

    private final PriorityQueue<Node> queue;
    private final boolean forward;
    private final long fromNanos;
    private final long throughNanos;
    private final LinePredicate filter;
    private Node current;
    private byte[] text;
    private long lastTs = Long.MIN_VALUE;
    private final List<byte[]> emittedAtLastTs = new ArrayList<>();

    MergingEntryCursor(List<Source> sources, Direction direction, long fromNanos, long throughNanos, LinePredicate filter) {
        this.forward = direction == Direction.FORWARD;
        this.fromNanos = fromNanos;
        this.throughNanos = throughNanos;
        this.filter = filter;
        this.queue = new PriorityQueue<>(Math.max(1, sources.size()),
                forward ? (a, b) -> Long.compare(a.key, b.key) : (a, b) -> Long.compare(b.key, a.key));
        for (Source s : sources) pushSource(s);
    }

    private void pushSource(Source s) {
        Node n = new Node();
        n.source = s;
        n.key = forward ? s.minTs() : s.maxTs();
        queue.add(n);
    }

    @Override
    public boolean next() {
        if (current != null) {
            advance(current);
            current = null;
        }
        try {
            while (!queue.isEmpty()) {
                Node n = queue.poll();
                if (n.block == null) {
                    open(n.source);
                    continue;
                }
                byte[] t = n.block.text();
                int off = n.block.lineOffset(n.index);
                int len = n.block.lineLength(n.index);
                long ts = n.block.ts(n.index);
                if (!filter.test(t, off, len) || isDuplicate(ts, t, off, len)) {
                    advance(n);
                    continue;
                }
                current = n;
                text = t;
                return true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return false;
    }

    private boolean isDuplicate(long ts, byte[] t, int off, int len) {
        if (ts != lastTs) {
            lastTs = ts;
            emittedAtLastTs.clear();
            emittedAtLastTs.add(Arrays.copyOfRange(t, off, off + len));
            return false;
        }
        for (byte[] e : emittedAtLastTs) {
            if (Arrays.equals(e, 0, e.length, t, off, off + len)) return true;
        }
        emittedAtLastTs.add(Arrays.copyOfRange(t, off, off + len));
        return false;
    }

    private void open(Source s) throws IOException {
        for (Source sub : s.expand()) {
            DecodedBlock d = sub.decoded();
            if (d == null) {
                pushSource(sub);
                continue;
            }
            int lo = lowerBound(d, fromNanos);
            int hi = lowerBound(d, throughNanos);
            if (lo >= hi) continue;
            Node n = new Node();
            n.block = d;
            if (forward) {
                n.index = lo;
                n.end = hi;
            } else {
                n.index = hi - 1;
                n.end = lo - 1;
            }
            n.key = d.ts(n.index);
            queue.add(n);
        }
    }

    private void advance(Node n) {
        n.index += forward ? 1 : -1;
        if (n.index != n.end) {
            n.key = n.block.ts(n.index);
            queue.add(n);
        }
    }

    private static int lowerBound(DecodedBlock d, long ts) {
        int lo = 0;
        int hi = d.count();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (d.ts(mid) < ts) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    @Override
    public long ts() {
        return current.block.ts(current.index);
    }

    @Override
    public byte[] line() {
        return text;
    }

    @Override
    public int lineOffset() {
        return current.block.lineOffset(current.index);
    }

    @Override
    public int lineLength() {
        return current.block.lineLength(current.index);
    }

    @Override
    public Labels structuredMetadata() {
        return current.block.structuredMetadata(current.index);
    }

    @Override
    public void close() {
        queue.clear();
        current = null;
    }
}
