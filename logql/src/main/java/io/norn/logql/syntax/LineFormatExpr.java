package io.norn.logql.syntax;

import static java.util.Objects.requireNonNull;

/** {@code | line_format "template"}; the template is compiled (and checked) outside the parser. */
public record LineFormatExpr(String template) implements StageExpr {
    public LineFormatExpr {
        requireNonNull(template, "template is null");
    }
}
