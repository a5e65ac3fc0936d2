package io.norn.logql.syntax;

import static java.util.Objects.requireNonNull;

/** A label filter stage: {@code | level="error" and status >= 500}. */
public record LabelFilterStage(LabelFilter filter) implements StageExpr {
    public LabelFilterStage {
        requireNonNull(filter, "filter is null");
    }
}
