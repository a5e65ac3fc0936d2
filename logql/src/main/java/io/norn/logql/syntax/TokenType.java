package io.norn.logql.syntax;

/**
 * Lexical tokens. The declaration order follows Loki's grammar so that "expecting ..." lists in syntax
 * errors come out in Loki's order; {@link #display()} is the name Loki prints for the token.
 */
enum TokenType {
    BYTES, IDENTIFIER, STRING, NUMBER, PARSER_FLAG, DURATION, RANGE,
    EQ("="), RE("=~"), NRE("!~"), NPA("!>"), OPEN_BRACE("{"), CLOSE_BRACE("}"), OPEN_BRACKET("["),
    CLOSE_BRACKET("]"), COMMA(","), DOT("."), PIPE_MATCH("|~"), PIPE_EXACT("|="), PIPE_PATTERN("|>"),
    OPEN_PARENTHESIS("("), CLOSE_PARENTHESIS(")"), BY("by"), WITHOUT("without"),
    COUNT_OVER_TIME, RATE, RATE_COUNTER, SUM, SORT, SORT_DESC, AVG, MAX, MIN, COUNT, STDDEV, STDVAR,
    BOTTOMK, TOPK, APPROX_TOPK, BYTES_OVER_TIME, BYTES_RATE, BOOL("bool"), JSON("json"), REGEXP("regexp"),
    LOGFMT("logfmt"), PIPE("|"), LINE_FMT("line_format"), LABEL_FMT("label_format"), UNWRAP("unwrap"),
    AVG_OVER_TIME, SUM_OVER_TIME, MIN_OVER_TIME, MAX_OVER_TIME, STDVAR_OVER_TIME, STDDEV_OVER_TIME,
    QUANTILE_OVER_TIME, BYTES_CONV, DURATION_CONV, DURATION_SECONDS_CONV, FIRST_OVER_TIME, LAST_OVER_TIME,
    ABSENT_OVER_TIME, VECTOR, LABEL_REPLACE("label_replace"), UNPACK("unpack"), OFFSET("offset"),
    PATTERN("pattern"), IP("ip"), ON("on"), IGNORING("ignoring"), GROUP_LEFT("group_left"),
    GROUP_RIGHT("group_right"), DECOLORIZE("decolorize"), DROP("drop"), KEEP("keep"), VARIANTS("variants"),
    OF("of"), OR("or"), AND("and"), UNLESS("unless"), CMP_EQ("=="), NEQ("!="), LT("<"), LTE("<="), GT(">"),
    GTE(">="), ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"), POW("^"),
    EOF("$end");

    private final String display;

    TokenType() {
        this.display = name();
    }

    TokenType(String display) {
        this.display = display;
    }

    String display() {
        return display;
    }
}
