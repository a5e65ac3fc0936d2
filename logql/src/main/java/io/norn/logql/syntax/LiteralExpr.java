package io.norn.logql.syntax;

/** A number literal (a scalar). */
public record LiteralExpr(double value) implements SampleExpr {
    @Override
    public String toString() {
        return Printer.format(this);
    }
}
