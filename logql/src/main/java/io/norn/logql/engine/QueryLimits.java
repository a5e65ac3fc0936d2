package io.norn.logql.engine;

import java.util.function.BooleanSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Per-query limits: {@code maxQuerySeries} (Loki's {@code max_query_series}; 0 = unlimited) and a
 * cancellation hook polled between streams and every few thousand entries (e.g. a deadline check). The
 * calling thread's interruption also cancels.
 */
public record QueryLimits(int maxQuerySeries, BooleanSupplier cancelled) {
    public static final QueryLimits DEFAULT = new QueryLimits(500, () -> false);

    public QueryLimits {
        if (maxQuerySeries < 0) throw new IllegalArgumentException("maxQuerySeries is negative: " + maxQuerySeries);
        requireNonNull(cancelled, "cancelled is null");
    }
}
