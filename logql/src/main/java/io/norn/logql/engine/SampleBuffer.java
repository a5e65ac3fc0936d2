package io.norn.logql.engine;

import java.util.Arrays;

/**
 * The samples of one series in growable primitive arrays (timestamps in Unix nanoseconds, values).
 * Not thread-safe.
 */
final class SampleBuffer {
    long[] ts;
    double[] values;
    int size;
    private boolean sorted = true;

    SampleBuffer() {
        this(16);
    }

    SampleBuffer(int capacity) {
        ts = new long[capacity];
        values = new double[capacity];
    }

    void add(long tsNanos, double value) {
        if (size == ts.length) {
            int cap = Math.max(16, size * 2);
            ts = Arrays.copyOf(ts, cap);
            values = Arrays.copyOf(values, cap);
        }
        if (size > 0 && ts[size - 1] > tsNanos) sorted = false;
        ts[size] = tsNanos;
        values[size++] = value;
    }

    void addAll(SampleBuffer other) {
        for (int i = 0; i < other.size; i++) add(other.ts[i], other.values[i]);
    }

    /** Orders samples by timestamp, keeping the arrival order of equal timestamps. */
    void sort() {
        if (sorted) return;
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Long.compare(ts[a], ts[b]));
        long[] t = new long[size];
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            t[i] = ts[order[i]];
            v[i] = values[order[i]];
        }
        ts = t;
        values = v;
        sorted = true;
    }
}
