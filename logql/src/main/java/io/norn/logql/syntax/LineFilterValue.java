package io.norn.logql.syntax;

import static java.util.Objects.requireNonNull;

/**
 * One operand of a line filter: a literal/regex/pattern string, or with {@code ip} set the argument of
 * {@code ip("...")} (an address, CIDR range or address range).
 */
public record LineFilterValue(String value, boolean ip) {
    public LineFilterValue {
        requireNonNull(value, "value is null");
    }

    public static LineFilterValue of(String value) {
        return new LineFilterValue(value, false);
    }
}
