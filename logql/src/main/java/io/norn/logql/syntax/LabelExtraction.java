package io.norn.logql.syntax;

import static java.util.Objects.requireNonNull;

/** {@code label="expression"} of {@code | json} or {@code | logfmt}; a bare {@code label} uses its own name. */
public record LabelExtraction(String label, String expression) {
    public LabelExtraction {
        requireNonNull(label, "label is null");
        requireNonNull(expression, "expression is null");
    }
}
