package io.norn.logql.engine;

import io.norn.model.Labels;

/**
 * Evaluates a range aggregation of one series at every step of a grid by sliding a window over its
 * sorted samples: step {@code t} sees {@code (t - offset - range, t - offset]}, or {@code (.., t - offset)}
 * when the step is exclusive. Stateless.
 */
final class RangeWindows {
    private RangeWindows() {
    }

    /** The series evaluated at each step whose window holds at least one sample; empty series when none. */
    static StepSeries evaluate(Labels labels, SampleBuffer samples, StepGrid grid, boolean fallbackPass,
                               RangeFunction fn, long rangeNanos, long offsetNanos, double param) {
        samples.sort();
        long[] ts = samples.ts;
        double[] v = samples.values;
        int n = samples.size;
        StepSeries out = new StepSeries(labels, grid.size());
        double[] scratch = fn == RangeFunction.QUANTILE_OVER_TIME ? new double[n] : null;
        int lo = 0;
        int hi = 0;
        long[] steps = grid.stepsNanos();
        for (int i = 0; i < steps.length; i++) {
            long end = steps[i] - offsetNanos;
            long start = end - rangeNanos;
            while (lo < n && ts[lo] <= start) lo++;
            if (hi < lo) hi = lo;
            if (grid.exclusive(i, fallbackPass)) {
                while (hi < n && ts[hi] < end) hi++;
            } else {
                while (hi < n && ts[hi] <= end) hi++;
            }
            if (hi > lo) out.set(i, fn.apply(ts, v, lo, hi, rangeNanos, param, scratch));
        }
        return out;
    }
}
