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
    private long lastTs = Long.MIN_VALUE;
    /** The entries returned at {@link #lastTs} (usually one), for dropping exact duplicates across blocks. */
    private DecodedBlock[] emittedBlocks = new DecodedBlock[4];
    private int[] emittedIndexes = new int[4];
    private int emitted;

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
        try {
            if (current != null) {
                Node n = current;
                current = null;
                // Blocks rarely overlap, so the current block usually stays first: no queue operations then.
                while (advanceInPlace(n)) {
                    if (!isFirst(n)) {
                        queue.add(n);
                        break;
                    }
                    if (accept(n)) {
                        current = n;
                        return true;
                    }
                }
            }
            while (!queue.isEmpty()) {
                Node n = queue.poll();
                if (n.block == null) {
                    open(n.source);
                    continue;
                }
                if (accept(n)) {
                    current = n;
                    return true;
                }
                advance(n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return false;
    }

    /** Applies the line filter and drops exact duplicates; reads line text only when either needs it. */
    private boolean accept(Node n) throws CorruptionException {
        if (filter != LinePredicate.ALL) {
            byte[] t = n.block.text();
            if (!filter.test(t, n.block.lineOffset(n.index), n.block.lineLength(n.index))) return false;
        }
        long ts = n.block.ts(n.index);
        if (ts != lastTs) {
            lastTs = ts;
            emitted = 0;
        } else if (isDuplicate(n)) {
            return false;
        }
        if (emitted == emittedBlocks.length) {
            emittedBlocks = Arrays.copyOf(emittedBlocks, emitted * 2);
            emittedIndexes = Arrays.copyOf(emittedIndexes, emitted * 2);
        }
        emittedBlocks[emitted] = n.block;
        emittedIndexes[emitted++] = n.index;
        return true;
    }

    /** True when an entry already returned at the same timestamp has the same line. */
    private boolean isDuplicate(Node n) throws CorruptionException {
        byte[] t = n.block.text();
        int off = n.block.lineOffset(n.index);
        int len = n.block.lineLength(n.index);
        for (int k = 0; k < emitted; k++) {
            DecodedBlock b = emittedBlocks[k];
            int i = emittedIndexes[k];
            if (b.lineLength(i) == len && Arrays.equals(b.text(), b.lineOffset(i), b.lineOffset(i) + len, t, off, off + len)) {
                return true;
            }
        }
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

    /** Moves {@code n} to its next entry without touching the queue; false at its end. */
    private boolean advanceInPlace(Node n) {
        n.index += forward ? 1 : -1;
        if (n.index == n.end) return false;
        n.key = n.block.ts(n.index);
        return true;
    }

    /** True when {@code n} (not in the queue) comes before every queued node (ties go to the queue). */
    private boolean isFirst(Node n) {
        Node head = queue.peek();
        if (head == null) return true;
        return forward ? n.key < head.key : n.key > head.key;
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
        try {
            return current.block.text();
        } catch (CorruptionException e) {
            throw new UncheckedIOException(e);
        }
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
