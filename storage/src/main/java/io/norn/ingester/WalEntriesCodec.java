package io.norn.ingester;

import io.norn.encoding.ByteReader;
import io.norn.encoding.ByteWriter;
import io.norn.encoding.CorruptionException;
import io.norn.model.Labels;

import java.util.ArrayList;
import java.util.List;

/**
 * Payload of a WAL entries record: {@code tenant, streamCount u32, (labelCount, (name, value)*, entryCount u32,
 * (ts i64, line, smCount, (name, value)*)*)*} with uvarint counts and length-prefixed strings; the two u32 counts
 * are fixed-width so that they can be filled in after the entries are written.
 */
final class WalEntriesCodec {
    private WalEntriesCodec() {
    }

    /** Writes the stream's labels and a placeholder entry count; returns the position of that count. */
    static int encodeStreamHeader(ByteWriter w, Labels labels) {
        w.uvarint(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            w.string(labels.name(i));
            w.string(labels.value(i));
        }
        int countAt = w.length();
        w.u32(0);
        return countAt;
    }

    static void encodeEntry(ByteWriter w, long ts, byte[] line, Labels sm) {
        w.i64(ts);
        w.lenBytes(line, 0, line.length);
        w.uvarint(sm.size());
        for (int i = 0; i < sm.size(); i++) {
            w.string(sm.name(i));
            w.string(sm.value(i));
        }
    }

    record Decoded(String tenant, List<StreamEntries> streams) {
    }

    static Decoded decode(byte[] buf, int off, int len, String source) throws CorruptionException {
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
            byte[][] lines = new byte[n][];
            Labels[] sm = new Labels[n];
            for (int i = 0; i < n; i++) {
                ts[i] = r.i64();
                int l = r.uvarintInt(r.remaining(), "line length");
                int at = r.skip(l);
                lines[i] = java.util.Arrays.copyOfRange(buf, at, at + l);
                sm[i] = readLabels(r);
            }
            out.add(new StreamEntries(labels, ts, lines, sm));
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
