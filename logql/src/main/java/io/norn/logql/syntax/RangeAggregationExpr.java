package io.norn.logql.syntax;

import java.util.Optional;
import java.util.OptionalDouble;

import static java.util.Objects.requireNonNull;

/**
 * {@code op([param,] logRange) [by|without (...)]}, e.g. {@code quantile_over_time(0.99, {...} | unwrap x [5m]) by (a)}.
 * {@code param} is present only for {@code quantile_over_time}.
 */
public record RangeAggregationExpr(RangeOp op, LogRangeExpr range, OptionalDouble param, Optional<Grouping> grouping)
        implements SampleExpr {
    public RangeAggregationExpr {
        requireNonNull(op, "op is null");
        requireNonNull(range, "range is null");
        requireNonNull(param, "param is null");
        requireNonNull(grouping, "grouping is null");
    }

    @Override
    public String toString() {
        return Printer.format(this);
    }
}
