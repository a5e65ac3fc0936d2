package io.norn.logql.syntax;

import static java.util.Objects.requireNonNull;

/** {@code lhs op [modifiers] rhs}. Operations between two number literals are folded by the parser. */
public record BinaryOpExpr(BinaryOp op, SampleExpr lhs, SampleExpr rhs, BinOpModifier modifier) implements SampleExpr {
    public BinaryOpExpr {
        requireNonNull(op, "op is null");
        requireNonNull(lhs, "lhs is null");
        requireNonNull(rhs, "rhs is null");
        requireNonNull(modifier, "modifier is null");
    }

    @Override
    public String toString() {
        return Printer.format(this);
    }
}
