package io.norn.ingester;

import io.norn.encoding.ByteReader;
import io.norn.encoding.ByteWriter;
import io.norn.encoding.CorruptionException;
import io.norn.model.Labels;
import io.norn.wal.WalFormat;

import java.util.ArrayList;
import java.util.List;

/**
 * Payload of a WAL entries record: {@code tenant, streamCount u32, (labelCount, (name, value)*, entryCount u32,
 * (ts i64, line, smRef, [smCount, (name, value)*])*)*} with uvarint counts and length-prefixed strings; the two
 * u32 counts are fixed-width so that they can be filled in after the entries are written. Structured metadata is
 * numbered per stream: {@code smRef} 0 is none, a number already seen reuses that set, and the next new number
 * is followed by the set itself (pushes repeat a few sets, such as {@code detected_level}).
 */
final class WalEntriesCodec {
    private WalEntriesCodec() {
    }

    /** A stream's labels as its headers start: {@code labelCount, (name, value)*}. */
    static byte[] encodeLabels(Labels labels) {
        ByteWriter w = new ByteWriter(64);
        w.uvarint(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            w.string(labels.name(i));
            w.string(labels.value(i));
        }
        return w.toByteArray();
    }

    /**
     * Writes a stream header, the stream's {@linkplain #encodeLabels encoded labels} and a placeholder entry count;
     * returns the position of that count.
     */
    static int encodeStreamHeader(ByteWriter w, byte[] encodedLabels) {
        w.bytes(encodedLabels);
        int countAt = w.length();
        w.u32(0);
        return countAt;
    }

    /** The structured-metadata sets already written for the current stream; not thread-safe. */
    static final class SetTable {
        private final List<Labels> sets = new ArrayList<>();
        /** The set of the previous entry and its number: runs of entries usually share one (shared) instance. */
        private Labels last;
        private int lastRef;

        void reset() {
            sets.clear();
            last = null;
        }

        /** The set's number, or minus the new number to announce when the set is new. */
        private int refOf(Labels sm) {
            if (sm == last) return lastRef;
            last = sm;
            for (int i = sets.size() - 1; i >= 0; i--) {
                Labels s = sets.get(i);
                if (s == sm || s.equals(sm)) return lastRef = i + 1;
            }
            sets.add(sm);
            lastRef = sets.size();
            return -lastRef;
        }
    }

    static void encodeEntry(ByteWriter w, long ts, byte[] buf, int off, int len, Labels sm, SetTable table) {
        w.ensure(8 + 5 + len + 5);
        w.i64(ts);
        w.lenBytes(buf, off, len);
        if (sm.isEmpty()) {
            w.uvarint(0);
            return;
        }
        int ref = table.refOf(sm);
        w.uvarint(Math.abs(ref));
        if (ref > 0) return;
        w.uvarint(sm.size());
        for (int i = 0; i < sm.size(); i++) {
            w.string(sm.name(i));
            w.string(sm.value(i));
        }
    }

    record Decoded(String tenant, List<StreamEntries> streams) {
    }

    /**
     * Decodes a record of {@code type} ({@link WalFormat#RECORD_ENTRIES} or the older {@link WalFormat#RECORD_ENTRIES_V1});
     * the lines are slices of {@code buf}.
     */
    static Decoded decode(int type, byte[] buf, int off, int len, String source) throws CorruptionException {
        ByteReader r = new ByteReader(buf, off, len, source);
        String tenant = r.string();
        int streams = r.u32();
        if (streams < 0 || streams > len) throw new CorruptionException(source, r.position(), "stream count out of range: " + streams);
        List<StreamEntries> out = new ArrayList<>(streams);
        for (int s = 0; s < streams; s++) {
            Labels labels = readLabels(r);
            int n = r.u32();
            if (n < 0 || n > len) throw new CorruptionException(source, r.position(), "entry count out of range: " + n);
            long[] ts = new long[n];
            byte[][] bufs = new byte[n][];
            int[] offs = new int[n];
            int[] lens = new int[n];
            Labels[] sm = new Labels[n];
            List<Labels> sets = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ts[i] = r.i64();
                int l = r.uvarintInt(r.remaining(), "line length");
                int at = r.skip(l);
                bufs[i] = buf;
                offs[i] = at;
                lens[i] = l;
                if (type == WalFormat.RECORD_ENTRIES_V1) {
                    sm[i] = readLabels(r);
                    continue;
                }
                int ref = r.uvarintInt(sets.size() + 1, "structured metadata reference");
                if (ref == 0) {
                    sm[i] = Labels.EMPTY;
                } else if (ref == sets.size() + 1) {
                    sm[i] = readLabels(r);
                    sets.add(sm[i]);
                } else {
                    sm[i] = sets.get(ref - 1);
                }
            }
            out.add(new StreamEntries(labels, ts, bufs, offs, lens, sm));
        }
        if (r.remaining() != 0) throw new CorruptionException(source, r.position(), "trailing bytes in entries record");
        return new Decoded(tenant, out);
    }

    private static Labels readLabels(ByteReader r) throws CorruptionException {
        int n = r.uvarintInt(r.remaining(), "label count");
        if (n == 0) return Labels.EMPTY;
        String[] kv = new String[2 * n];
        for (int i = 0; i < 2 * n; i++) kv[i] = r.string();
        return Labels.of(kv);
    }
}
