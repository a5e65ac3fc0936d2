package io.norn.logql.syntax;

import static java.util.Objects.requireNonNull;

/** {@code label_replace(inner, "dst", "replacement", "src", "regex")}; the regex is anchored at both ends. */
public record LabelReplaceExpr(SampleExpr inner, String dst, String replacement, String src, String regex)
        implements SampleExpr {
    public LabelReplaceExpr {
        requireNonNull(inner, "inner is null");
        requireNonNull(dst, "dst is null");
        requireNonNull(replacement, "replacement is null");
        requireNonNull(src, "src is null");
        requireNonNull(regex, "regex is null");
    }

    @Override
    public String toString() {
        return Printer.format(this);
    }
}
