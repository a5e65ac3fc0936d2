package io.norn.logql.syntax;

import java.util.List;

/** {@code | keep a, b, level="info"}. */
public record KeepLabelsExpr(List<LabelSelection> labels) implements StageExpr {
    public KeepLabelsExpr {
        labels = List.copyOf(labels);
    }
}
