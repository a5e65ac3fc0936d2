package io.norn.logql.engine;

import java.util.Arrays;

/**
 * Range aggregation functions over the samples of one window, as Loki computes them. Samples are given
 * as parallel primitive arrays (timestamps in Unix nanoseconds, values) and an index range
 * {@code [from, to)} that is never empty.
 */
enum RangeFunction {
    COUNT_OVER_TIME,
    RATE,
    /** {@code rate} over an unwrapped value: the sum of the values per second of range. */
    RATE_VALUES,
    RATE_COUNTER,
    BYTES_OVER_TIME,
    BYTES_RATE,
    ABSENT_OVER_TIME,
    SUM_OVER_TIME,
    AVG_OVER_TIME,
    MIN_OVER_TIME,
    MAX_OVER_TIME,
    STDVAR_OVER_TIME,
    STDDEV_OVER_TIME,
    QUANTILE_OVER_TIME,
    FIRST_OVER_TIME,
    LAST_OVER_TIME;

    /**
     * Applies the function to samples {@code [from, to)}.
     *
     * @param rangeNanos the range of the window (for rates)
     * @param param      the quantile for {@link #QUANTILE_OVER_TIME}, ignored otherwise
     * @param scratch    a buffer of at least {@code to - from} doubles that quantile may overwrite
     */
    double apply(long[] ts, double[] v, int from, int to, long rangeNanos, double param, double[] scratch) {
        double rangeSeconds = rangeNanos / 1e9;
        return switch (this) {
            case COUNT_OVER_TIME -> to - from;
            case RATE -> (to - from) / rangeSeconds;
            case RATE_VALUES, BYTES_RATE -> sum(v, from, to) / rangeSeconds;
            case RATE_COUNTER -> counterRate(ts, v, from, to, rangeNanos);
            case BYTES_OVER_TIME, SUM_OVER_TIME -> sum(v, from, to);
            case ABSENT_OVER_TIME -> 1.0;
            case AVG_OVER_TIME -> avg(v, from, to);
            case MIN_OVER_TIME -> min(v, from, to);
            case MAX_OVER_TIME -> max(v, from, to);
            case STDVAR_OVER_TIME -> stdvar(v, from, to);
            case STDDEV_OVER_TIME -> Math.sqrt(stdvar(v, from, to));
            case QUANTILE_OVER_TIME -> quantile(param, v, from, to, scratch);
            case FIRST_OVER_TIME -> v[from];
            case LAST_OVER_TIME -> v[to - 1];
        };
    }

    /** True when the function reads sample values (false: only the number of samples matters). */
    boolean needsValues() {
        return switch (this) {
            case COUNT_OVER_TIME, RATE, ABSENT_OVER_TIME -> false;
            default -> true;
        };
    }

    static double sum(double[] v, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) sum += v[i];
        return sum;
    }

    static double avg(double[] v, int from, int to) {
        double mean = 0;
        double count = 0;
        for (int i = from; i < to; i++) {
            double x = v[i];
            count++;
            if (Double.isInfinite(mean)) {
                if (Double.isInfinite(x) && (mean > 0) == (x > 0)) continue;
                if (!Double.isInfinite(x) && !Double.isNaN(x)) continue;
            }
            mean += x / count - mean / count;
        }
        return mean;
    }

    static double min(double[] v, int from, int to) {
        double min = v[from];
        for (int i = from; i < to; i++) {
            if (v[i] < min || Double.isNaN(min)) min = v[i];
        }
        return min;
    }

    static double max(double[] v, int from, int to) {
        double max = v[from];
        for (int i = from; i < to; i++) {
            if (v[i] > max || Double.isNaN(max)) max = v[i];
        }
        return max;
    }

    /** Population variance by Welford's online algorithm. */
    static double stdvar(double[] v, int from, int to) {
        double aux = 0;
        double count = 0;
        double mean = 0;
        for (int i = from; i < to; i++) {
            count++;
            double delta = v[i] - mean;
            mean += delta / count;
            aux += delta * (v[i] - mean);
        }
        return aux / count;
    }

    /** Prometheus' quantile: linear interpolation between closest ranks; phi outside [0, 1] gives -Inf/+Inf. */
    static double quantile(double q, double[] v, int from, int to, double[] scratch) {
        int n = to - from;
        if (n == 0) return Double.NaN;
        if (q < 0) return Double.NEGATIVE_INFINITY;
        if (q > 1) return Double.POSITIVE_INFINITY;
        System.arraycopy(v, from, scratch, 0, n);
        Arrays.sort(scratch, 0, n);
        int nans = 0;
        while (nans < n && Double.isNaN(scratch[n - 1 - nans])) nans++;
        if (nans > 0) {
            // Prometheus orders NaN before every number
            System.arraycopy(scratch, 0, scratch, nans, n - nans);
            Arrays.fill(scratch, 0, nans, Double.NaN);
        }
        double rank = q * (n - 1);
        double lower = Math.max(0, Math.floor(rank));
        double upper = Math.min(n - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        return scratch[(int) lower] * (1 - weight) + scratch[(int) upper] * weight;
    }

    /**
     * Counter rate as Loki computes it for {@code rate_counter}: Prometheus' extrapolated rate with counter
     * resets, applied to nanosecond timestamps the way Loki does (the range start is placed one range, in
     * milliseconds, before the first sample and the end on the last sample).
     */
    static double counterRate(long[] ts, double[] v, int from, int to, long rangeNanos) {
        int n = to - from;
        if (n < 2) return 0;
        long first = ts[from];
        long last = ts[to - 1];
        long rangeMillis = rangeNanos / 1_000_000L;
        long rangeStart = first - rangeMillis;
        double result = v[to - 1] - v[from];
        double lastValue = 0;
        for (int i = from; i < to; i++) {
            if (v[i] < lastValue) result += lastValue;
            lastValue = v[i];
        }
        double durationToStart = (first - rangeStart) / 1000.0;
        double durationToEnd = 0;
        double sampledInterval = (last - first) / 1000.0;
        double averageBetween = sampledInterval / (n - 1);
        if (result > 0 && v[from] >= 0) {
            double durationToZero = sampledInterval * (v[from] / result);
            if (durationToZero < durationToStart) durationToStart = durationToZero;
        }
        double threshold = averageBetween * 1.1;
        double extrapolateTo = sampledInterval;
        extrapolateTo += durationToStart < threshold ? durationToStart : averageBetween / 2;
        extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetween / 2;
        result = result * (extrapolateTo / sampledInterval);
        return result / (rangeNanos / 1e9);
    }
}
