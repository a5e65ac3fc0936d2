package io.norn.logql.syntax;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** {@code | label_format dst=src, dst2="{{.template}}"}; each target label appears at most once. */
public record LabelFormatExpr(List<LabelFmt> formats) implements StageExpr {
    /** One assignment: a rename ({@code dst=src}, value is the source label) or a template ({@code dst="..."}). */
    public record LabelFmt(String name, String value, boolean rename) {
        public LabelFmt {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
        }
    }

    public LabelFormatExpr {
        formats = List.copyOf(formats);
    }
}
