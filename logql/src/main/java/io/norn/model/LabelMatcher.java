package io.norn.model;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import static java.util.Objects.requireNonNull;

/**
 * One matcher of a stream selector, e.g. {@code job=~"api|web"}. Regular expressions use RE2 syntax
 * and are anchored at both ends, as in Prometheus and Loki. Immutable and thread-safe.
 */
public record LabelMatcher(Type type, String name, String value, Pattern pattern) {
    public enum Type {
        EQ("="), NEQ("!="), RE("=~"), NRE("!~");

        private final String symbol;

        Type(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public LabelMatcher {
        requireNonNull(type, "type is null");
        requireNonNull(name, "name is null");
        requireNonNull(value, "value is null");
    }

    /** Creates a matcher; throws {@link PatternSyntaxException} for an invalid regular expression. */
    public static LabelMatcher of(Type type, String name, String value) {
        Pattern p = switch (type) {
            case RE, NRE -> Pattern.compile("^(?:" + value + ")$");
            case EQ, NEQ -> null;
        };
        return new LabelMatcher(type, name, value, p);
    }

    public static LabelMatcher eq(String name, String value) {
        return of(Type.EQ, name, value);
    }

    public boolean matches(String v) {
        return switch (type) {
            case EQ -> value.equals(v);
            case NEQ -> !value.equals(v);
            case RE -> pattern.matches(v);
            case NRE -> !pattern.matches(v);
        };
    }

    /** True when this matcher accepts a missing label (the empty value). */
    public boolean matchesEmpty() {
        return matches("");
    }

    @Override
    public String toString() {
        return name + type.symbol + GoQuote.quote(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher m && m.type == type && m.name.equals(name) && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return (type.hashCode() * 31 + name.hashCode()) * 31 + value.hashCode();
    }
}
