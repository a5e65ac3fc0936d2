package io.norn.loghttp;

import io.norn.model.Labels;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * The entries of a push as they are read: growable parallel arrays, each stream's entries in a range of them
 * ({@link #add} them, then {@link #stream}). One set of arrays for all streams of a request, reused from one request to
 * the next through {@link #take} and {@link #give}: per-stream arrays were a third of what a push allocated. Not
 * thread-safe.
 */
public final class EntryColumns {
    private static final ArrayBlockingQueue<EntryColumns> POOL = new ArrayBlockingQueue<>(16);
    /** Larger ones (a rare huge push) are left to the collector rather than kept. */
    private static final int MAX_POOLED_ENTRIES = 1 << 16;

    private long[] ts;
    private byte[][] bufs;
    private int[] offs;
    private int[] lens;
    private Labels[] sm;
    private int n;

    EntryColumns(int capacity) {
        int c = Math.max(1, capacity);
        ts = new long[c];
        bufs = new byte[c][];
        offs = new int[c];
        lens = new int[c];
        sm = new Labels[c];
    }

    /** Empty columns, from the pool when it has some. */
    static EntryColumns take() {
        EntryColumns c = POOL.poll();
        return c != null ? c : new EntryColumns(1024);
    }

    /** Hands columns back to the pool; nothing may read the streams made from them afterwards. */
    static void give(EntryColumns c) {
        if (c.ts.length > MAX_POOLED_ENTRIES) return;
        // no references kept to bodies and metadata of a finished push
        Arrays.fill(c.bufs, 0, c.n, null);
        Arrays.fill(c.sm, 0, c.n, null);
        c.n = 0;
        POOL.offer(c);
    }

    /** The number of entries added so far: where the next stream's range starts. */
    int size() {
        return n;
    }

    void add(long t, byte[] buf, int off, int len, Labels meta) {
        if (n == ts.length) grow();
        ts[n] = t;
        bufs[n] = buf;
        offs[n] = off;
        lens[n] = len;
        sm[n] = meta;
        n++;
    }

    /** Makes room for {@code more} entries at once (a stream whose entry count is known). */
    void ensure(int more) {
        while (ts.length - n < more) grow();
    }

    private void grow() {
        int grown = Math.max(64, ts.length * 2);
        ts = Arrays.copyOf(ts, grown);
        bufs = Arrays.copyOf(bufs, grown);
        offs = Arrays.copyOf(offs, grown);
        lens = Arrays.copyOf(lens, grown);
        sm = Arrays.copyOf(sm, grown);
    }

    /**
     * The stream of the entries added since {@code from}. It reads the current arrays: growing them later copies
     * them, which leaves its range as it is.
     */
    PushStream stream(Labels labels, int from) {
        return new PushStream(labels, ts, bufs, offs, lens, sm, from, n);
    }
}
