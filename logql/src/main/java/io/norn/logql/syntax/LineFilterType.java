package io.norn.logql.syntax;

/** The operator of a line filter. */
public enum LineFilterType {
    CONTAINS("|="), NOT_CONTAINS("!="), REGEX("|~"), NOT_REGEX("!~"), PATTERN("|>"), NOT_PATTERN("!>");

    private final String symbol;

    LineFilterType(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** True for the negative operators ({@code != !~ !>}): a line passes when it matches none of the values. */
    public boolean negated() {
        return this == NOT_CONTAINS || this == NOT_REGEX || this == NOT_PATTERN;
    }
}
