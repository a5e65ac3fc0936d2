package io.norn.logql.syntax;

/** One stage of a log pipeline, in the order it appears in the query. */
public sealed interface StageExpr permits LineFilterExpr, LabelFilterStage, ParserExpr, LineFormatExpr,
        LabelFormatExpr, DropLabelsExpr, KeepLabelsExpr, DecolorizeExpr {
}
