package io.norn.ingester;

import io.norn.encoding.ByteReader;
import io.norn.encoding.ByteWriter;
import io.norn.encoding.CorruptionException;
import io.norn.model.Labels;

import java.util.ArrayList;
import java.util.List;

/**
 * Payload of a WAL entries record: {@code tenant, streamCount, (labelCount, (name, value)*, entryCount,
 * (ts i64, line, smCount, (name, value)*)*)*} with uvarint counts and length-prefixed strings.
 */
final class WalEntriesCodec {
    private WalEntriesCodec() {
    }

    static void encodeStreamHeader(ByteWriter w, Labels labels, int entryCount) {
        w.uvarint(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            w.string(labels.name(i));
            w.string(labels.value(i));
        }
        w.uvarint(entryCount);
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
        int streams = r.uvarintInt(len, "stream count");
        List<StreamEntries> out = new ArrayList<>(streams);
        for (int s = 0; s < streams; s++) {
            Labels labels = readLabels(r);
            int n = r.uvarintInt(len, "entry count");
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
