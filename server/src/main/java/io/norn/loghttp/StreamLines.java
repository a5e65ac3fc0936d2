package io.norn.loghttp;

import io.norn.model.Labels;

import java.util.Arrays;

/** The entries of one stream as they are read: growable parallel arrays. */
final class StreamLines {
    private long[] ts;
    private byte[][] bufs;
    private int[] offs;
    private int[] lens;
    private Labels[] sm;
    private int n;

    /** {@code capacity}: the expected number of entries (the previous stream's, in a push), so that the arrays fit. */
    StreamLines(int capacity) {
        int c = Math.max(1, capacity);
        ts = new long[c];
        bufs = new byte[c][];
        offs = new int[c];
        lens = new int[c];
        sm = new Labels[c];
    }

    void add(long t, byte[] buf, int off, int len, Labels meta) {
        if (n == ts.length) {
            int grown = Math.max(64, n * 2);
            ts = Arrays.copyOf(ts, grown);
            bufs = Arrays.copyOf(bufs, grown);
            offs = Arrays.copyOf(offs, grown);
            lens = Arrays.copyOf(lens, grown);
            sm = Arrays.copyOf(sm, grown);
        }
        ts[n] = t;
        bufs[n] = buf;
        offs[n] = off;
        lens[n] = len;
        sm[n] = meta;
        n++;
    }

    PushStream toStream(Labels labels) {
        if (n == ts.length) return new PushStream(labels, ts, bufs, offs, lens, sm);
        return new PushStream(labels, Arrays.copyOf(ts, n), Arrays.copyOf(bufs, n), Arrays.copyOf(offs, n), Arrays.copyOf(lens, n),
                Arrays.copyOf(sm, n));
    }

    int size() {
        return n;
    }
}
