package io.norn.logql.syntax;

/**
 * Entry point of the LogQL parser. Thread-safe (every call uses its own parser).
 *
 * <pre>{@code
 * Expr e = LogQL.parse("sum by (level) (count_over_time({app=\"api\"} | json [5m]))");
 * }</pre>
 */
public final class LogQL {
    /** Loki's limit on the query length, in characters. */
    public static final int DEFAULT_MAX_QUERY_LENGTH = 5120;
    /** Maximum nesting of parentheses and sub-expressions. */
    public static final int DEFAULT_MAX_DEPTH = 200;

    private LogQL() {
    }

    /** Parses and validates a query as Loki's {@code ParseExpr} does. */
    public static Expr parse(String query) throws ParseException {
        return parse(query, DEFAULT_MAX_QUERY_LENGTH, DEFAULT_MAX_DEPTH);
    }

    /** As {@link #parse(String)} with explicit limits on the query length and nesting depth. */
    public static Expr parse(String query, int maxLength, int maxDepth) throws ParseException {
        if (query.length() >= maxLength) {
            throw new ParseException("input size too long (" + query.length() + " > " + maxLength + ")");
        }
        return new Parser(query, maxDepth).parseQuery();
    }

    /** Parses a query that must be a log query (no metric expression), e.g. for tail and delete requests. */
    public static LogSelectorExpr parseLogSelector(String query) throws ParseException {
        Expr e = parse(query);
        if (e instanceof LogSelectorExpr s) return s;
        throw new ParseException("only log selector is supported");
    }

    /** Parses a query that must be a metric query. */
    public static SampleExpr parseSampleExpr(String query) throws ParseException {
        Expr e = parse(query);
        if (e instanceof SampleExpr s) return s;
        throw new ParseException("only sample expression supported");
    }
}
