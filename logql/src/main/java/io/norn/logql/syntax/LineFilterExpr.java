package io.norn.logql.syntax;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A line filter such as {@code |= "error"}, {@code |~ "a|b"} or {@code |= "a" or "b"}. For positive types
 * a line passes when it matches any of {@code values}; a negative filter has exactly one value (Loki turns
 * {@code != "a" or "b"} into two filters, which is how the parser returns it).
 */
public record LineFilterExpr(LineFilterType type, List<LineFilterValue> values) implements StageExpr {
    public LineFilterExpr {
        requireNonNull(type, "type is null");
        values = List.copyOf(values);
        if (values.isEmpty()) throw new IllegalArgumentException("values is empty");
        if (type.negated() && values.size() > 1) {
            throw new IllegalArgumentException("values: a negated line filter has one value, got " + values.size());
        }
    }

    public static LineFilterExpr of(LineFilterType type, String value) {
        return new LineFilterExpr(type, List.of(LineFilterValue.of(value)));
    }

    /** The first (often only) value. */
    public LineFilterValue first() {
        return values.get(0);
    }
}
