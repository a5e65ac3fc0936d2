package io.norn.logql.syntax;

import java.util.List;

/** {@code | drop a, b, level="debug"}. */
public record DropLabelsExpr(List<LabelSelection> labels) implements StageExpr {
    public DropLabelsExpr {
        labels = List.copyOf(labels);
    }
}
