package io.norn.logql.syntax;

/** {@code | decolorize}: strips ANSI color sequences from the line. */
public record DecolorizeExpr() implements StageExpr {
}
