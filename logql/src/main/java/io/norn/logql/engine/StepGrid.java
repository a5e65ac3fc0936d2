package io.norn.logql.engine;

import java.util.Arrays;

/**
 * The evaluation times of a metric query and, per time, whether an entry exactly at that time is seen.
 *
 * <p>Loki's query frontend aligns range queries to multiples of the step and splits them at
 * {@code split_queries_by_interval} boundaries; every sub-query reads {@code [start - range, end)}, so at
 * a step that ends a sub-query an entry exactly at the step time is not seen. When the step is at least
 * the split interval, sub-queries share their boundary steps; the earlier one wins the merge, and the
 * later one (which does see the entry) only supplies series the earlier one lacks.
 *
 * @param stepsNanos the evaluation times, ascending
 * @param modes      per step: {@link #INCLUSIVE}, {@link #EXCLUSIVE} or {@link #EXCLUSIVE_ELSE_INCLUSIVE}
 */
record StepGrid(long[] stepsNanos, byte[] modes) {
    static final byte INCLUSIVE = 0;
    static final byte EXCLUSIVE = 1;
    static final byte EXCLUSIVE_ELSE_INCLUSIVE = 2;

    StepGrid {
        if (stepsNanos.length != modes.length) throw new IllegalArgumentException("steps and modes differ in length");
    }

    int size() {
        return stepsNanos.length;
    }

    long first() {
        return stepsNanos[0];
    }

    long last() {
        return stepsNanos[stepsNanos.length - 1];
    }

    boolean hasFallback() {
        for (byte m : modes) if (m == EXCLUSIVE_ELSE_INCLUSIVE) return true;
        return false;
    }

    /** Whether step {@code i} excludes an entry exactly at its time in the given pass. */
    boolean exclusive(int i, boolean fallbackPass) {
        byte m = modes[i];
        return fallbackPass ? m == EXCLUSIVE : m != INCLUSIVE;
    }

    static StepGrid instant(long tNanos) {
        return new StepGrid(new long[]{tNanos}, new byte[]{EXCLUSIVE});
    }

    /** The grid of a range query evaluated as Loki does with the given split interval (0: no splitting). */
    static StepGrid range(long startNanos, long endNanos, long stepNanos, long splitNanos) {
        if (stepNanos <= 0) throw new IllegalArgumentException("step must be positive: " + stepNanos);
        if (endNanos < startNanos) throw new IllegalArgumentException("end before start: " + endNanos + " < " + startNanos);
        long start = Math.floorDiv(startNanos, stepNanos) * stepNanos;
        long end = Math.floorDiv(endNanos + stepNanos - 1, stepNanos) * stepNanos;
        int n = (int) ((end - start) / stepNanos) + 1;
        long[] steps = new long[n];
        for (int i = 0; i < n; i++) steps[i] = start + i * stepNanos;
        byte[] modes = new byte[n];
        if (n == 1 || splitNanos <= 0) {
            modes[n - 1] = EXCLUSIVE;
            return new StepGrid(steps, modes);
        }
        if (stepNanos >= splitNanos) {
            Arrays.fill(modes, EXCLUSIVE_ELSE_INCLUSIVE);
            modes[0] = INCLUSIVE;
            modes[n - 1] = EXCLUSIVE;
            return new StepGrid(steps, modes);
        }
        long s = start;
        while (s < end) {
            long boundary = nextIntervalBoundary(s, stepNanos, splitNanos);
            long e = boundary;
            if (e + stepNanos >= end) e = end;
            modes[(int) ((e - start) / stepNanos)] = EXCLUSIVE;
            s = boundary + stepNanos;
        }
        return new StepGrid(steps, modes);
    }

    /** The last step-aligned time (relative to t) before the next multiple of the interval after t. */
    private static long nextIntervalBoundary(long t, long step, long interval) {
        long startOfNext = (Math.floorDiv(t, interval) + 1) * interval;
        long target = startOfNext - ((startOfNext - t) % step);
        if (target == startOfNext) target -= step;
        return target;
    }
}
