package io.norn.logql.syntax;

/** {@code vector(n)}: a one-element vector with no labels. */
public record VectorExpr(double value) implements SampleExpr {
    @Override
    public String toString() {
        return Printer.format(this);
    }
}
