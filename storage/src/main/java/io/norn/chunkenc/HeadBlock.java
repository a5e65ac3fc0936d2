package io.norn.chunkenc;

import io.norn.encoding.ByteWriter;
import io.norn.encoding.ByteWriterPool;
import io.norn.encoding.Crc;
import io.norn.model.Labels;

import java.util.Arrays;

/**
 * The open block of a stream: entries appended as bytes in arrival order (writes may be out of order).
 * {@link #cut} sorts by timestamp, drops exact duplicates and compresses. Not thread-safe: guarded by the
 * owning stream's lock.
 */
public final class HeadBlock {
    private static final int GROWTH = 16;
    /** Meta and json column buffers for {@link #seal}, reused: their output is copied into the compressed block. */
    private static final ByteWriterPool META_WRITERS = new ByteWriterPool(8, 1 << 20);
    private long[] ts = new long[64];
    private int[] lineEnds = new int[64];
    /** Per entry, null for none; kept (cleared) from one block to the next, meaningful only when {@link #anyMetadata}. */
    private Labels[] structuredMetadata;
    private boolean anyMetadata;
    private byte[] text = new byte[4096];
    /** A snapshot reads {@link #text} in place: the buffer must not be overwritten, only appended to or replaced. */
    private boolean textShared;
    /** The block size the owner cuts at: the text buffer grows to about this, not to the next power of two beyond. */
    private final int capacityHint;
    private int count;
    private int textLen;
    private boolean ordered = true;
    private long minTs = Long.MAX_VALUE;
    private long maxTs = Long.MIN_VALUE;

    public HeadBlock() {
        this(1 << 20);
    }

    public HeadBlock(int capacityHint) {
        this.capacityHint = capacityHint;
    }

    /**
     * Grows sixteen-fold up to the block size: a busy stream reaches full size in two steps. Doubling took eight, and
     * each intermediate buffer lived long enough to be promoted, so a hundred new busy streams filled the old
     * generation with about 100 MB of garbage in their first second (and a full collection followed).
     */
    private int newCapacity(int needed) {
        long grown = (long) text.length * GROWTH;
        int capped = grown <= capacityHint ? (int) grown
                : text.length < capacityHint ? capacityHint : text.length + capacityHint / 8;
        return Math.max(needed, capped);
    }

    public void append(long tsNanos, byte[] line, int off, int len, Labels sm) {
        if (count == ts.length) {
            ts = Arrays.copyOf(ts, count * 2);
            lineEnds = Arrays.copyOf(lineEnds, count * 2);
            if (structuredMetadata != null) structuredMetadata = Arrays.copyOf(structuredMetadata, count * 2);
        }
        if (textLen + len > text.length) {
            text = Arrays.copyOf(text, newCapacity(textLen + len));
            textShared = false;
        }
        if (!sm.isEmpty()) {
            if (structuredMetadata == null) structuredMetadata = new Labels[ts.length];
            structuredMetadata[count] = sm;
            anyMetadata = true;
        }
        if (count > 0 && tsNanos < ts[count - 1]) ordered = false;
        System.arraycopy(line, off, text, textLen, len);
        textLen += len;
        ts[count] = tsNanos;
        lineEnds[count] = textLen;
        count++;
        if (tsNanos < minTs) minTs = tsNanos;
        if (tsNanos > maxTs) maxTs = tsNanos;
    }

    public int count() {
        return count;
    }

    /** Heap bytes this block holds (buffer capacities), for memory accounting. */
    public long memoryBytes() {
        return text.length + 12L * ts.length;
    }

    /** Gives back the buffers of an empty block (for idle streams under memory pressure). */
    public void release() {
        if (count != 0) throw new IllegalStateException("release of a non-empty head block");
        text = new byte[4096];
        textShared = false;
        ts = new long[64];
        lineEnds = new int[64];
        structuredMetadata = null;
    }

    /** An empty block with buffers as large as this one's: for a stream whose blocks fill up. */
    public HeadBlock emptyLike() {
        HeadBlock h = new HeadBlock(capacityHint);
        h.text = new byte[text.length];
        h.ts = new long[ts.length];
        h.lineEnds = new int[lineEnds.length];
        if (structuredMetadata != null) h.structuredMetadata = new Labels[structuredMetadata.length];
        return h;
    }

    public int textBytes() {
        return textLen;
    }

    public long minTs() {
        return minTs;
    }

    public long maxTs() {
        return maxTs;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /**
     * The entries in {@code [from, through)}, sorted and de-duplicated, for queries. When they were appended in
     * order, the snapshot reads the text buffer in place (appends only write beyond it, and the buffer is not reused
     * while shared), so that querying the open blocks of many streams copies no line text.
     */
    public DecodedBlock snapshot(long fromNanos, long throughNanos) {
        int[] order = sortedUniqueOrder();
        if (order == null) return inPlaceSnapshot(fromNanos, throughNanos);
        int n = 0;
        for (int i : order) if (ts[i] >= fromNanos && ts[i] < throughNanos) n++;
        long[] outTs = new long[n];
        int[] outOffs = new int[n + 1];
        Labels[] outSm = anyMetadata ? new Labels[n] : null;
        int total = 0;
        for (int i : order) if (ts[i] >= fromNanos && ts[i] < throughNanos) total += lineLength(i);
        byte[] outText = new byte[total];
        int k = 0;
        int pos = 0;
        for (int i : order) {
            if (ts[i] < fromNanos || ts[i] >= throughNanos) continue;
            outTs[k] = ts[i];
            outOffs[k] = pos;
            int len = lineLength(i);
            System.arraycopy(text, lineStart(i), outText, pos, len);
            pos += len;
            if (outSm != null) outSm[k] = structuredMetadata[i] == null ? Labels.EMPTY : structuredMetadata[i];
            k++;
        }
        outOffs[n] = pos;
        return DecodedBlock.ofRaw(outTs, outOffs, outSm, outText);
    }

    private DecodedBlock inPlaceSnapshot(long fromNanos, long throughNanos) {
        int from = 0;
        while (from < count && ts[from] < fromNanos) from++;
        int to = from;
        while (to < count && ts[to] < throughNanos) to++;
        int n = to - from;
        long[] outTs = Arrays.copyOfRange(ts, from, to);
        int[] outOffs = new int[n + 1];
        for (int k = 0; k < n; k++) outOffs[k] = lineStart(from + k);
        outOffs[n] = n == 0 ? 0 : lineEnds[to - 1];
        Labels[] outSm = null;
        if (anyMetadata) {
            outSm = new Labels[n];
            for (int k = 0; k < n; k++) outSm[k] = smOf(from + k);
        }
        textShared = true;
        return DecodedBlock.ofRaw(outTs, outOffs, outSm, text);
    }

    /** {@link #cut(Codec, String, int)} with n-gram seed 0. */
    public Block cut(Codec codec, String source) {
        return cut(codec, source, 0);
    }

    /**
     * Compresses the entries into an immutable block and empties this head block; {@code ngramSeed} seeds its n-gram
     * filter and must be the same for every block of a chunk.
     */
    public Block cut(Codec codec, String source, int ngramSeed) {
        Block b = seal(codec, source, ngramSeed);
        reset();
        return b;
    }

    /**
     * Compresses the entries into an immutable block, leaving this head block as it is: it only reads, so it may run
     * on another thread than the owner's once nothing appends any more (concurrently with {@link #snapshot}).
     */
    public Block seal(Codec codec, String source, int ngramSeed) {
        // No loop of its own: called once a block, this stays out of the optimizing compiler, while the loops below,
        // each in its own method, are compiled on their own (inlined into one method they made a large compile,
        // repeated on every deoptimization).
        if (count == 0) throw new IllegalStateException("seal of an empty head block");
        // null in the usual case (in order, no duplicates): the text is then laid out as the block stores it
        int[] order = sortedUniqueOrder();
        int n = order == null ? count : order.length;
        byte[] body = order == null ? text : textInOrder(order);
        int bodyLen = order == null ? textLen : body.length;
        ByteWriter meta = META_WRITERS.take(n * 8 + 64);
        ByteWriter json = META_WRITERS.take(0);
        try {
            metaColumn(meta, order, n);
            jsonColumn(json, body, order, n);
            Codec.Columns c = codec.compressColumns(meta.buffer(), 0, meta.length(), body, 0, bodyLen, json.buffer(), 0,
                    json.length());
            byte[] data = c.data();
            int jsonLen = data.length - c.firstLen() - c.secondLen();
            return new Block(ChunkFormat.VERSION_CURRENT, ts[at(order, 0)], ts[at(order, n - 1)], n, codec.id(), data, 0,
                    meta.length(), c.firstLen(), bodyLen, c.secondLen(), json.length(), jsonLen, Crc.crc32c(data, 0, data.length),
                    source, NgramFilter.of(body, 0, bodyLen, ngramSeed));
        } finally {
            META_WRITERS.give(meta);
            META_WRITERS.give(json);
        }
    }

    /**
     * Writes the json column of the first {@code n} entries of {@code order}, whose lines are back to back in
     * {@code body}; nothing when the block cannot have one.
     */
    private void jsonColumn(ByteWriter out, byte[] body, int[] order, int n) {
        JsonColumnsWriter w = JsonColumnsWriter.take();
        try {
            w.start(n);
            int off = 0;
            for (int k = 0; k < n; k++) {
                int len = lineLength(at(order, k));
                if (!w.add(body, off, len)) return;
                off += len;
            }
            w.finish(out);
        } finally {
            JsonColumnsWriter.give(w);
        }
    }

    /** The entry at position {@code k} of {@code order}, or of all entries in order when it is null. */
    private static int at(int[] order, int k) {
        return order == null ? k : order[k];
    }

    /**
     * Writes the meta column of the first {@code n} entries of {@code order}: timestamps, line lengths, structured
     * metadata.
     */
    private void metaColumn(ByteWriter meta, int[] order, int n) {
        // about six bytes an entry (the caller makes room for eight): a timestamp delta, a line length and a metadata
        // set number
        long prev = 0;
        for (int k = 0; k < n; k++) {
            int i = at(order, k);
            if (k == 0) meta.i64(ts[i]);
            else meta.uvarint(ts[i] - prev);
            prev = ts[i];
        }
        for (int k = 0; k < n; k++) meta.uvarint(lineLength(at(order, k)));
        writeStructuredMetadata(meta, order, n);
    }

    /** The text of the entries in {@code order}, back to back. */
    private byte[] textInOrder(int[] order) {
        int total = 0;
        for (int i : order) total += lineLength(i);
        byte[] out = new byte[total];
        int pos = 0;
        for (int i : order) {
            System.arraycopy(text, lineStart(i), out, pos, lineLength(i));
            pos += lineLength(i);
        }
        return out;
    }


    /** Empties this block, keeping its buffers for the next entries. */
    public void clear() {
        reset();
    }

    /**
     * Distinct sets once per block, then a set number per entry: pushes mostly repeat a few sets. Numbered in a first
     * pass, which the second repeats (numbers are stable) to write them.
     */
    private void writeStructuredMetadata(ByteWriter meta, int[] order, int n) {
        if (!anyMetadata) {
            meta.u8(ChunkFormat.META_NO_STRUCTURED_METADATA);
            return;
        }
        meta.u8(ChunkFormat.META_STRUCTURED_METADATA_SETS);
        SetNumbers sets = new SetNumbers();
        for (int k = 0; k < n; k++) sets.number(structuredMetadata[at(order, k)]);
        meta.uvarint(sets.sets.size());
        for (Labels sm : sets.sets) {
            meta.uvarint(sm.size());
            for (int j = 0; j < sm.size(); j++) {
                meta.string(sm.name(j));
                meta.string(sm.value(j));
            }
        }
        for (int k = 0; k < n; k++) meta.uvarint(sets.number(structuredMetadata[at(order, k)]));
    }

    /**
     * Numbers the distinct structured metadata sets of a block from 1 (0: none). Entries mostly repeat a few set
     * instances, so the last instances seen are checked before the map; the map, rarely reached, stays out of the
     * per-entry loop's compiled code.
     */
    private static final class SetNumbers {
        final java.util.List<Labels> sets = new java.util.ArrayList<>();
        private final java.util.Map<Labels, Integer> ids = new java.util.HashMap<>();
        private final Labels[] recent = new Labels[4];
        private final int[] recentIds = new int[4];
        private int next;

        int number(Labels sm) {
            if (sm == null || sm.isEmpty()) return 0;
            for (int r = 0; r < recent.length; r++) if (recent[r] == sm) return recentIds[r];
            int id = lookUp(sm);
            recent[next] = sm;
            recentIds[next] = id;
            next = (next + 1) & (recent.length - 1);
            return id;
        }

        private int lookUp(Labels sm) {
            Integer id = ids.get(sm);
            if (id == null) {
                id = sets.size() + 1;
                ids.put(sm, id);
                sets.add(sm);
            }
            return id;
        }
    }


    private void reset() {
        if (anyMetadata) Arrays.fill(structuredMetadata, 0, count, null);
        anyMetadata = false;
        count = 0;
        textLen = 0;
        ordered = true;
        minTs = Long.MAX_VALUE;
        maxTs = Long.MIN_VALUE;
        if (text.length > 2 * capacityHint) {
            text = new byte[4096];
        } else if (textShared) {
            text = new byte[text.length];
        }
        textShared = false;
    }

    private int lineStart(int i) {
        return i == 0 ? 0 : lineEnds[i - 1];
    }

    private int lineLength(int i) {
        return lineEnds[i] - lineStart(i);
    }

    /**
     * Entry indexes sorted by timestamp (stable), without exact duplicates (same ts, line and metadata); null when
     * that is every entry in order, as it usually is.
     */
    private int[] sortedUniqueOrder() {
        if (ordered && !hasDuplicates()) return null;
        Integer[] boxed = null;
        int[] order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        if (!ordered) {
            boxed = new Integer[count];
            for (int i = 0; i < count; i++) boxed[i] = i;
            Arrays.sort(boxed, (a, b) -> Long.compare(ts[a], ts[b]));
            for (int i = 0; i < count; i++) order[i] = boxed[i];
        }
        int n = 0;
        for (int k = 0; k < count; k++) {
            int i = order[k];
            if (isDuplicateOfEarlierWithSameTs(order, n, i)) continue;
            order[n++] = i;
        }
        return n == count ? order : Arrays.copyOf(order, n);
    }

    /** For entries in order: whether one repeats an earlier one with the same timestamp. */
    private boolean hasDuplicates() {
        for (int i = 1; i < count; i++) {
            if (ts[i] != ts[i - 1]) continue;
            for (int j = i - 1; j >= 0 && ts[j] == ts[i]; j--) {
                if (sameEntry(j, i)) return true;
            }
        }
        return false;
    }

    private boolean sameEntry(int j, int i) {
        return Arrays.equals(text, lineStart(j), lineEnds[j], text, lineStart(i), lineEnds[i]) && smOf(j).equals(smOf(i));
    }

    private boolean isDuplicateOfEarlierWithSameTs(int[] kept, int keptCount, int i) {
        for (int k = keptCount - 1; k >= 0 && ts[kept[k]] == ts[i]; k--) {
            if (sameEntry(kept[k], i)) return true;
        }
        return false;
    }

    private Labels smOf(int i) {
        return !anyMetadata || structuredMetadata[i] == null ? Labels.EMPTY : structuredMetadata[i];
    }
}
