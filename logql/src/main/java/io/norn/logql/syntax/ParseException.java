package io.norn.logql.syntax;

/**
 * A LogQL query that cannot be parsed or fails a parse-time check. The message has Loki's shape:
 * {@code parse error at line L, col C: detail}, or {@code parse error : detail} when no position is known
 * (line and column are then 0).
 */
public final class ParseException extends Exception {
    private final int line;
    private final int col;
    private final String detail;

    public ParseException(String detail, int line, int col) {
        super(format(detail, line, col), null, false, false);
        this.detail = detail;
        this.line = line;
        this.col = col;
    }

    /** An error without a position, e.g. a failed validation of an otherwise well-formed query. */
    public ParseException(String detail) {
        this(detail, 0, 0);
    }

    private static String format(String detail, int line, int col) {
        if (line == 0 && col == 0) {
            return "parse error : " + detail;
        }
        return "parse error at line " + line + ", col " + col + ": " + detail;
    }

    /** 1-based line of the error, 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column (in characters) of the error, 0 when unknown. */
    public int col() {
        return col;
    }

    /** The message without the {@code parse error ...:} prefix. */
    public String detail() {
        return detail;
    }
}
