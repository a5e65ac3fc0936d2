package io.norn.chunkenc;

import io.norn.encoding.ByteWriter;
import io.norn.logql.log.JsonColumns;
import io.norn.logql.log.JsonLabelExtractor;
import io.norn.logql.log.LabelsBuilder;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Builds a block's {@code | json} column (see docs/format/chunk.md): the labels the parser sets on each line, one
 * column per label. A block gets the column only when every line is a JSON object the parser takes without an error
 * and no label is set twice in a line; lines of other formats are turned away by their first byte.
 *
 * <p>A label's values are kept when all are short and either all numbers (what {@code unwrap} and numeric filters
 * read) or all text that repeats (what queries group and filter by: levels, methods, hosts). Text that is new on
 * nearly every line (ids, paths, messages) would cost about as much as the lines themselves and is rarely asked for:
 * its column only says that the label occurs, and a query that needs it parses the lines. Reused through
 * {@link #take}/{@link #give}; not thread-safe.
 */
final class JsonColumnsWriter implements JsonLabelExtractor.Sink {
    private static final ArrayBlockingQueue<JsonColumnsWriter> POOL = new ArrayBlockingQueue<>(4);

    private final JsonLabelExtractor extractor = new JsonLabelExtractor();
    private final String[] names = new String[JsonColumns.MAX_COLUMNS];
    /** Per column and entry, the value's length; -1 when the entry lacks the label. */
    private final int[][] lengths = new int[JsonColumns.MAX_COLUMNS][];
    private final ByteWriter[] values = new ByteWriter[JsonColumns.MAX_COLUMNS];
    /** Whether the column's values so far are short enough to keep, and all numbers or all text with few values. */
    private final boolean[] kept = new boolean[JsonColumns.MAX_COLUMNS];
    private final boolean[] numeric = new boolean[JsonColumns.MAX_COLUMNS];
    private final int[] seen = new int[JsonColumns.MAX_COLUMNS];
    /** Per text column, the hashes of its distinct values (0 for an empty slot), counted up to {@link #maxDistinct}. */
    private final long[][] distinct = new long[JsonColumns.MAX_COLUMNS][];
    private final int[] distinctCount = new int[JsonColumns.MAX_COLUMNS];
    private int maxDistinct;
    private int columns;
    private int entries;
    private int entry;
    /** Set when a line sets a label twice or an error label, or the block has too many labels. */
    private boolean unusable;

    static JsonColumnsWriter take() {
        JsonColumnsWriter w = POOL.poll();
        return w != null ? w : new JsonColumnsWriter();
    }

    static void give(JsonColumnsWriter w) {
        POOL.offer(w);
    }

    /** Starts a block of {@code n} entries. */
    void start(int n) {
        columns = 0;
        entries = n;
        entry = 0;
        unusable = false;
        maxDistinct = Math.max(16, n / 16);
    }

    /** Adds the next entry's line; false when the block cannot have the column (the writer is then done with it). */
    boolean add(byte[] buf, int off, int len) {
        if (!extractor.extract(buf, off, len, this) || unusable) return false;
        entry++;
        return true;
    }

    /** Writes the column of all entries added to {@code out}; nothing when no line set a label. */
    void finish(ByteWriter out) {
        if (entry != entries) throw new IllegalStateException(entry + " entries added of " + entries);
        if (columns == 0) return;
        out.uvarint(columns);
        for (int c = 0; c < columns; c++) {
            out.string(names[c]).u8(kept[c] ? 1 : 0);
            if (kept[c]) out.uvarint(sectionLength(c));
        }
        for (int c = 0; c < columns; c++) {
            if (!kept[c]) continue;
            int[] lens = lengths[c];
            for (int i = 0; i < entries; i++) out.uvarint(lens[i] + 1);
            out.bytes(values[c].buffer(), 0, values[c].length());
        }
    }

    private int sectionLength(int c) {
        int total = values[c].length();
        int[] lens = lengths[c];
        for (int i = 0; i < entries; i++) total += varintSize(lens[i] + 1);
        return total;
    }

    private static int varintSize(int v) {
        int size = 1;
        while ((v >>>= 7) != 0) size++;
        return size;
    }

    @Override
    public void label(String name, byte[] buf, int off, int len) {
        if (name.equals(LabelsBuilder.ERROR_LABEL) || name.equals(LabelsBuilder.ERROR_DETAILS_LABEL)) unusable = true;
        int c = column(name);
        // a label set twice (a repeated key, or keys that sanitize alike) is rare: such blocks go without the column
        if (c < 0 || lengths[c][entry] >= 0) unusable = true;
        if (unusable) return;
        lengths[c][entry] = len;
        if (!kept[c]) return;
        if (len > JsonColumns.MAX_VALUE_LENGTH) {
            kept[c] = false;
            return;
        }
        // an empty value is neither number nor text, and adds no bytes
        if (len == 0) return;
        boolean number = isNumber(buf, off, len);
        if (seen[c]++ == 0) {
            numeric[c] = number;
        } else if (number != numeric[c]) {
            // numbers and text mixed: the text was not counted
            kept[c] = false;
            return;
        }
        if (!number && !countDistinct(c, buf, off, len)) {
            kept[c] = false;
            return;
        }
        values[c].bytes(buf, off, len);
    }

    /** Digits, signs, points and exponents: a JSON number (or a string that reads as one). */
    private static boolean isNumber(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte x = b[i];
            if ((x < '0' || x > '9') && x != '.' && x != '-' && x != '+' && x != 'e' && x != 'E') return false;
        }
        return true;
    }

    /**
     * Adds the value's hash to the column's distinct set; false when that makes more than {@link #maxDistinct} (a hash
     * collision may undercount, which only keeps more).
     */
    private boolean countDistinct(int c, byte[] b, int off, int len) {
        long h = 0x9E3779B97F4A7C15L * (len + 1);
        for (int i = off; i < off + len; i++) h = (h ^ (b[i] & 0xff)) * 0x100000001B3L;
        h |= 1;
        long[] set = distinct[c];
        int mask = set.length - 1;
        for (int i = (int) (h ^ (h >>> 29)) & mask; ; i = (i + 1) & mask) {
            if (set[i] == h) return true;
            if (set[i] == 0) {
                set[i] = h;
                return ++distinctCount[c] <= maxDistinct;
            }
        }
    }

    /** The column of {@code name}, added if new; -1 when the block has too many already. */
    private int column(String name) {
        // names come interned from the parser: identity finds them
        for (int c = 0; c < columns; c++) if (names[c] == name) return c;
        for (int c = 0; c < columns; c++) if (names[c].equals(name)) return c;
        if (columns == JsonColumns.MAX_COLUMNS) return -1;
        int c = columns++;
        names[c] = name;
        if (lengths[c] == null || lengths[c].length < entries) lengths[c] = new int[Math.max(entries, 256)];
        Arrays.fill(lengths[c], 0, entries, -1);
        if (values[c] == null) values[c] = new ByteWriter(4096);
        values[c].reset();
        kept[c] = true;
        seen[c] = 0;
        // room for one more than the limit, at most half full
        int slots = Integer.highestOneBit(maxDistinct * 4 + 3);
        if (distinct[c] == null || distinct[c].length != slots) distinct[c] = new long[slots];
        else Arrays.fill(distinct[c], 0);
        distinctCount[c] = 0;
        return c;
    }
}
