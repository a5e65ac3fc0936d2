package io.norn.logql.engine;

import io.norn.model.Labels;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/** One series of a {@link Matrix}: parallel arrays of timestamps (Unix milliseconds, ascending) and values. */
public record Series(Labels metric, long[] tsMillis, double[] values) {
    public Series {
        requireNonNull(metric, "metric is null");
        requireNonNull(tsMillis, "tsMillis is null");
        requireNonNull(values, "values is null");
        if (tsMillis.length != values.length) {
            throw new IllegalArgumentException("tsMillis and values differ in length: " + tsMillis.length + " != " + values.length);
        }
    }

    public int size() {
        return tsMillis.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Series s && metric.equals(s.metric) && Arrays.equals(tsMillis, s.tsMillis)
                && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * metric.hashCode() + Arrays.hashCode(tsMillis)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(metric).append(" [");
        for (int i = 0; i < tsMillis.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(tsMillis[i]).append('=').append(values[i]);
        }
        return sb.append(']').toString();
    }
}
