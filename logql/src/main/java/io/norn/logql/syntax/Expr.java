package io.norn.logql.syntax;

/** A parsed LogQL query: a log query ({@link LogSelectorExpr}) or a metric query ({@link SampleExpr}). */
public sealed interface Expr permits LogSelectorExpr, SampleExpr {
}
