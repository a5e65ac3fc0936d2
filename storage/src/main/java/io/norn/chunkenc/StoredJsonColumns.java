package io.norn.chunkenc;

import io.norn.encoding.ByteReader;
import io.norn.encoding.CorruptionException;
import io.norn.logql.log.JsonColumns;

import java.io.UncheckedIOException;

/**
 * The json column of a block, as read back: the directory is parsed at once, each column's values when a query first
 * asks for them. Not thread-safe (one per decoded block, read by one cursor).
 */
final class StoredJsonColumns implements JsonColumns {
    private final byte[] raw;
    private final int count;
    private final String source;
    private final String[] names;
    /** Where each kept column's section starts in {@link #raw}, -1 for columns whose values were not kept. */
    private final int[] sections;
    private final int[] sectionEnds;
    private final Values[] decoded;

    private StoredJsonColumns(byte[] raw, int count, String source, String[] names, int[] sections, int[] sectionEnds) {
        this.raw = raw;
        this.count = count;
        this.source = source;
        this.names = names;
        this.sections = sections;
        this.sectionEnds = sectionEnds;
        this.decoded = new Values[names.length];
    }

    static StoredJsonColumns read(byte[] raw, int count, String source) throws CorruptionException {
        ByteReader r = new ByteReader(raw, 0, raw.length, source);
        int n = r.uvarintInt(MAX_COLUMNS, "json column count");
        String[] names = new String[n];
        int[] lengths = new int[n];
        for (int c = 0; c < n; c++) {
            // interned: queries look labels up by identity first
            names[c] = r.string().intern();
            int kept = r.u8();
            if (kept > 1) throw new CorruptionException(source, r.position(), "invalid json column flag " + kept);
            lengths[c] = kept == 1 ? r.uvarintInt(r.remaining(), "json column length") : -1;
        }
        int[] sections = new int[n];
        int[] ends = new int[n];
        for (int c = 0; c < n; c++) {
            if (lengths[c] < 0) {
                sections[c] = -1;
                continue;
            }
            sections[c] = r.skip(lengths[c]);
            ends[c] = sections[c] + lengths[c];
        }
        if (r.remaining() != 0) throw new CorruptionException(source, r.position(), "trailing bytes in json column");
        return new StoredJsonColumns(raw, count, source, names, sections, ends);
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public String name(int c) {
        return names[c];
    }

    @Override
    public Values values(int c) {
        if (sections[c] < 0) return null;
        if (decoded[c] == null) {
            try {
                decoded[c] = decode(c);
            } catch (CorruptionException e) {
                throw new UncheckedIOException(e);
            }
        }
        return decoded[c];
    }

    private Values decode(int c) throws CorruptionException {
        ByteReader r = new ByteReader(raw, sections[c], sectionEnds[c] - sections[c], source);
        int[] starts = new int[count];
        int[] ends = new int[count]; // the lengths first
        int total = 0;
        for (int i = 0; i < count; i++) {
            ends[i] = r.uvarintInt(MAX_VALUE_LENGTH + 1, "json value length") - 1;
            if (ends[i] > 0) total += ends[i];
        }
        if (total != r.remaining()) throw new CorruptionException(source, r.position(), "json column values do not add up");
        int at = r.position();
        for (int i = 0; i < count; i++) {
            int len = ends[i];
            starts[i] = len < 0 ? -1 : at;
            if (len > 0) at += len;
            ends[i] = at;
        }
        return new Values(raw, starts, ends);
    }
}
