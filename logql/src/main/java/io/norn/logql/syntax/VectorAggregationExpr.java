package io.norn.logql.syntax;

import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/** {@code op [by|without (...)] ([param,] inner)}; {@code param} is the k of topk/bottomk. */
public record VectorAggregationExpr(VectorOp op, SampleExpr inner, Grouping grouping, OptionalInt param)
        implements SampleExpr {
    public VectorAggregationExpr {
        requireNonNull(op, "op is null");
        requireNonNull(inner, "inner is null");
        requireNonNull(grouping, "grouping is null");
        requireNonNull(param, "param is null");
    }

    @Override
    public String toString() {
        return Printer.format(this);
    }
}
