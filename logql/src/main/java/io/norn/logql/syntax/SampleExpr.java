package io.norn.logql.syntax;

/** A metric query: evaluates to a vector or matrix of samples. */
public sealed interface SampleExpr extends Expr permits RangeAggregationExpr, VectorAggregationExpr, BinaryOpExpr,
        LiteralExpr, VectorExpr, LabelReplaceExpr {

    /** True when the expression reads no logs at all (only number literals and {@code vector(n)}). */
    default boolean literalOnly() {
        return switch (this) {
            case LiteralExpr l -> true;
            case VectorExpr v -> true;
            case BinaryOpExpr b -> b.lhs().literalOnly() && b.rhs().literalOnly();
            case VectorAggregationExpr v -> v.inner().literalOnly();
            case LabelReplaceExpr l -> l.inner().literalOnly();
            case RangeAggregationExpr r -> false;
        };
    }

    /** The log selectors this expression reads, left to right. */
    default java.util.List<LogSelectorExpr> selectors() {
        java.util.List<LogSelectorExpr> out = new java.util.ArrayList<>();
        collectSelectors(this, out);
        return out;
    }

    private static void collectSelectors(SampleExpr e, java.util.List<LogSelectorExpr> out) {
        switch (e) {
            case RangeAggregationExpr r -> out.add(r.range().selector());
            case VectorAggregationExpr v -> collectSelectors(v.inner(), out);
            case BinaryOpExpr b -> {
                collectSelectors(b.lhs(), out);
                collectSelectors(b.rhs(), out);
            }
            case LabelReplaceExpr l -> collectSelectors(l.inner(), out);
            case LiteralExpr l -> {
            }
            case VectorExpr v -> {
            }
        }
    }
}
