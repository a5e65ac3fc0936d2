package io.norn.logql.engine;

/**
 * When a metric query is evaluated: a range query over {@code [startNanos, endNanos]} every
 * {@code stepNanos}, or an instant query at {@code endNanos} (then {@code startNanos == endNanos} and
 * the step is 0).
 */
public record QueryWindow(long startNanos, long endNanos, long stepNanos, boolean instant) {
    public QueryWindow {
        if (endNanos < startNanos) throw new IllegalArgumentException("end before start: " + endNanos + " < " + startNanos);
        if (instant && (startNanos != endNanos || stepNanos != 0)) {
            throw new IllegalArgumentException("an instant window has start == end and no step");
        }
        if (!instant && stepNanos <= 0) throw new IllegalArgumentException("step must be positive: " + stepNanos);
    }

    public static QueryWindow range(long startNanos, long endNanos, long stepNanos) {
        return new QueryWindow(startNanos, endNanos, stepNanos, false);
    }

    public static QueryWindow instant(long timeNanos) {
        return new QueryWindow(timeNanos, timeNanos, 0, true);
    }
}
