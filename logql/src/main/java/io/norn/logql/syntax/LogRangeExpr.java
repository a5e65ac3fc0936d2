package io.norn.logql.syntax;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The argument of a range aggregation: {@code {app="x"} | json | unwrap latency [5m] offset 1h}. */
public record LogRangeExpr(LogSelectorExpr selector, long rangeNanos, long offsetNanos, Optional<UnwrapExpr> unwrap) {
    public LogRangeExpr {
        requireNonNull(selector, "selector is null");
        requireNonNull(unwrap, "unwrap is null");
    }
}
