package io.norn.logql.syntax;

/** Comparison of a label filter ({@code latency > 250ms}); {@code =} and {@code ==} both mean {@link #EQ}. */
public enum ComparisonOp {
    EQ("=="), NEQ("!="), GT(">"), GTE(">="), LT("<"), LTE("<=");

    private final String symbol;

    ComparisonOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** Applies the comparison to two numbers (NaN compares unequal to everything). */
    public boolean test(double left, double right) {
        return switch (this) {
            case EQ -> left == right;
            case NEQ -> left != right;
            case GT -> left > right;
            case GTE -> left >= right;
            case LT -> left < right;
            case LTE -> left <= right;
        };
    }
}
