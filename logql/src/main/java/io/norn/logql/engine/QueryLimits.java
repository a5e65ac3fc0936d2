package io.norn.logql.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.BooleanSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Per-query limits, polled between streams, between series and every few thousand entries:
 * <ul>
 * <li>{@code maxQuerySeries}: Loki's {@code max_query_series}, the most series a result may hold (0 = unlimited);</li>
 * <li>{@code deadline} on {@code clock}: Loki's {@code query_timeout}; past it evaluation stops with
 * {@link QueryException.Kind#TIMEOUT} ({@link Instant#MAX}: none);</li>
 * <li>{@code cancelled}: true once the caller gave up (e.g. the client went away); evaluation stops with
 * {@link QueryException.Kind#CANCELLED}. The calling thread's interruption also cancels.</li>
 * </ul>
 */
public record QueryLimits(int maxQuerySeries, Instant deadline, InstantSource clock, BooleanSupplier cancelled) {
    /** Loki's default {@code max_query_series}. */
    public static final int DEFAULT_MAX_QUERY_SERIES = 500;
    /** Loki's defaults: 500 series, no deadline. */
    public static final QueryLimits DEFAULT = new QueryLimits(DEFAULT_MAX_QUERY_SERIES, () -> false);

    public QueryLimits {
        if (maxQuerySeries < 0) throw new IllegalArgumentException("maxQuerySeries is negative: " + maxQuerySeries);
        requireNonNull(deadline, "deadline is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(cancelled, "cancelled is null");
    }

    /** Limits without a deadline. */
    public QueryLimits(int maxQuerySeries, BooleanSupplier cancelled) {
        this(maxQuerySeries, Instant.MAX, InstantSource.system(), cancelled);
    }

    /** Limits with {@code query_timeout} counted from now on {@code clock}. */
    public static QueryLimits withTimeout(int maxQuerySeries, Duration queryTimeout, InstantSource clock,
                                          BooleanSupplier cancelled) {
        requireNonNull(queryTimeout, "queryTimeout is null");
        if (queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("queryTimeout must be positive: " + queryTimeout);
        }
        return new QueryLimits(maxQuerySeries, clock.instant().plus(queryTimeout), clock, cancelled);
    }

    boolean pastDeadline() {
        return !deadline.equals(Instant.MAX) && !clock.instant().isBefore(deadline);
    }
}
