package io.norn.store;

import io.norn.chunkenc.Block;
import io.norn.chunkenc.DecodedBlock;
import io.norn.encoding.CorruptionException;
import io.norn.iter.EntryCursor;
import io.norn.logql.engine.LinePredicate;
import io.norn.logql.log.ByteSearch;
import io.norn.logql.log.JsonColumns;
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
        /** When the filter requires a literal: which entries (from {@code base}) contain it; others are skipped. */
        boolean[] candidates;
        int base;
    }

    private final PriorityQueue<Node> queue;
    private final boolean forward;
    private final long fromNanos;
    private final long throughNanos;
    private final LinePredicate filter;
    /** The longest literal every accepted line contains, searched once per block rather than line by line; or null. */
    private final byte[] blockSearchLiteral;
    /** Whether {@link #blockSearchLiteral} is lower case and matched ignoring ASCII case. */
    private final boolean blockSearchIgnoresCase;
    private Node current;
    private long lastTs = Long.MIN_VALUE;
    /** The entries returned at {@link #lastTs} (usually one), for dropping exact duplicates across blocks. */
    private DecodedBlock[] emittedBlocks = new DecodedBlock[4];
    private int[] emittedIndexes = new int[4];
    private int emitted;
    /**
     * Finished blocks whose text buffer goes back to the {@link TextBuffers} pool once no returned entry at
     * {@link #lastTs} refers to it.
     */
    private final List<DecodedBlock> finishedAtLastTs = new ArrayList<>(2);

    MergingEntryCursor(List<Source> sources, Direction direction, long fromNanos, long throughNanos, LinePredicate filter) {
        this.forward = direction == Direction.FORWARD;
        this.fromNanos = fromNanos;
        this.throughNanos = throughNanos;
        this.filter = filter;
        byte[] longest = longest(filter.requiredLiterals());
        this.blockSearchIgnoresCase = longest == null;
        this.blockSearchLiteral = longest != null ? longest : longest(filter.requiredLiteralsIgnoringCase());
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
        releaseBuffers();
        return false;
    }

    /** At the end: the cursor may stay referenced until the whole query ends, so it keeps no text. */
    private void releaseBuffers() {
        // the entries last returned may still be read: their buffers are left to the collector
        finishedAtLastTs.clear();
        Arrays.fill(emittedBlocks, null);
        emitted = 0;
    }

    /** Applies the line filter and drops exact duplicates; reads line text only when either needs it. */
    private boolean accept(Node n) throws CorruptionException {
        if (filter != LinePredicate.ALL) {
            byte[] t = text(n.block);
            if (!filter.test(t, n.block.lineOffset(n.index), n.block.lineLength(n.index))) return false;
        }
        long ts = n.block.ts(n.index);
        if (ts != lastTs) {
            lastTs = ts;
            emitted = 0;
            recycleFinished();
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
        byte[] t = text(n.block);
        int off = n.block.lineOffset(n.index);
        int len = n.block.lineLength(n.index);
        for (int k = 0; k < emitted; k++) {
            DecodedBlock b = emittedBlocks[k];
            int i = emittedIndexes[k];
            if (b.lineLength(i) == len && Arrays.equals(text(b), b.lineOffset(i), b.lineOffset(i) + len, t, off, off + len)) {
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
            if (blockSearchLiteral != null) {
                n.candidates = linesContaining(d, text(d), lo, hi, blockSearchLiteral, blockSearchIgnoresCase);
                n.base = lo;
            }
            if (forward) {
                n.end = hi;
                n.index = nextIndex(n, lo - 1);
            } else {
                n.end = lo - 1;
                n.index = nextIndex(n, hi);
            }
            if (n.index == n.end) { // no line of the block can match
                recycle(d);
                continue;
            }
            n.key = d.ts(n.index);
            queue.add(n);
        }
    }

    /**
     * Marks the entries in {@code [lo, hi)} whose line contains {@code literal}, with one search over the block's
     * text. Lines are stored back to back, so a match may straddle two lines: that only marks a line the full filter
     * then rejects.
     */
    private static boolean[] linesContaining(DecodedBlock d, byte[] text, int lo, int hi, byte[] literal, boolean ignoreCase) {
        boolean[] marks = new boolean[hi - lo];
        int end = d.lineOffset(hi - 1) + d.lineLength(hi - 1);
        int line = lo;
        int p = d.lineOffset(lo);
        while ((p = ignoreCase ? ByteSearch.indexOfIgnoreCase(text, p, end, literal) : ByteSearch.indexOf(text, p, end, literal)) >= 0) {
            while (d.lineOffset(line) + d.lineLength(line) <= p) line++;
            marks[line - lo] = true;
            p = d.lineOffset(line) + d.lineLength(line);
            if (++line == hi) break;
        }
        return marks;
    }

    private static byte[] longest(List<byte[]> literals) {
        byte[] longest = null;
        for (byte[] l : literals) if (l.length > 0 && (longest == null || l.length > longest.length)) longest = l;
        return longest;
    }

    /** The entry after {@code i} in the merge direction that may pass the filter, or {@code n.end}. */
    private int nextIndex(Node n, int i) {
        int step = forward ? 1 : -1;
        i += step;
        if (n.candidates != null) {
            while (i != n.end && !n.candidates[i - n.base]) i += step;
        }
        return i;
    }

    /** The block's text, decompressed into a spare buffer if one is free. */
    private byte[] text(DecodedBlock d) throws CorruptionException {
        return d.hasText() ? d.text() : d.text(TextBuffers.take(d.textLength()));
    }

    /** {@code n} has no entries left: its text buffer is reused once no returned entry refers to it. */
    private void finished(Node n) {
        for (int k = 0; k < emitted; k++) {
            if (emittedBlocks[k] == n.block) {
                finishedAtLastTs.add(n.block);
                return;
            }
        }
        recycle(n.block);
    }

    private void recycle(DecodedBlock d) {
        TextBuffers.give(d.releaseText());
    }

    private void recycleFinished() {
        // indexed: an iterator here would be allocated for every entry
        for (int i = 0; i < finishedAtLastTs.size(); i++) recycle(finishedAtLastTs.get(i));
        finishedAtLastTs.clear();
    }

    /** Moves {@code n} to its next entry without touching the queue; false at its end. */
    private boolean advanceInPlace(Node n) {
        n.index = nextIndex(n, n.index);
        if (n.index == n.end) {
            finished(n);
            return false;
        }
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
        n.index = nextIndex(n, n.index);
        if (n.index != n.end) {
            n.key = n.block.ts(n.index);
            queue.add(n);
        } else {
            finished(n);
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
            return text(current.block);
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
    public JsonColumns jsonColumns() {
        try {
            return current.block.jsonColumns();
        } catch (CorruptionException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int columnsEntry() {
        return current.index;
    }

    @Override
    public void close() {
        queue.clear();
        current = null;
        releaseBuffers();
    }
}
