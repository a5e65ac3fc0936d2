package io.norn.logql.syntax;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Exact error texts and positions, as Loki prints them. */
class ParseErrorTest {
    private static ParseException error(String q) {
        ParseException e = catchThrowableOfType(ParseException.class, () -> LogQL.parse(q));
        assertThat(e).as("query %s should fail", q).isNotNull();
        return e;
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "{job=\"apache\" => parse error at line 1, col 14: syntax error: unexpected $end, expecting } or ,",
            "{a} => parse error at line 1, col 3: syntax error: unexpected }, expecting = or =~ or !~ or !=",
            "{a=\"b\"} |= => parse error at line 1, col 11: syntax error: unexpected $end, expecting STRING or ip",
            "{a=\"b\",} => parse error at line 1, col 8: syntax error: unexpected }, expecting IDENTIFIER",
            "{a=\"b\"} |= \"x => parse error at line 1, col 12: literal not terminated",
            "rate({a=\"b\"}[5m) => parse error at line 1, col 13: missing closing ']' in duration",
            "count_over_time({job=\"apache\"}) => parse error at line 1, col 31: syntax error: unexpected )",
            "foo_over_time({job=\"apache\"}[5m]) => parse error at line 1, col 1: syntax error: unexpected IDENTIFIER",
            "-sum(count_over_time({job=\"apache\"}[5m])) => parse error at line 1, col 2: syntax error: unexpected SUM, expecting NUMBER",
            "{job=\"apache\"} | unknownparser => parse error at line 1, col 31: syntax error: unexpected $end",
            "{} => parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will",
            "{a=~\".*\", b!=\"x\"} => parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will",
            "sum(rate({a=~\".*\"}[1m])) => parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will",
            "topk(count_over_time({job=\"apache\"}[5m])) => parse error : parameter required for operation topk",
            "topk(0, count_over_time({job=\"apache\"}[5m])) => parse error : invalid parameter (must be greater than 0) topk(0",
            "topk(1.5, count_over_time({job=\"apache\"}[5m])) => parse error : invalid parameter topk(1.5,",
            "sum(2, count_over_time({job=\"apache\"}[5m])) => parse error : unsupported parameter for operation sum(2,",
            "quantile_over_time({a=\"b\"} | unwrap x [5m]) => parse error : parameter required for operation quantile_over_time",
            "rate(3, {a=\"b\"}[5m]) => parse error : parameter 3 not supported for operation rate",
            "sum_over_time({job=\"apache\"}[5m]) => parse error : invalid aggregation sum_over_time without unwrap",
            "count_over_time({job=\"apache\"} | logfmt | unwrap bytes [5m]) => parse error : invalid aggregation count_over_time with unwrap",
            "count_over_time({job=\"apache\"}[5m]) by (host) => parse error : grouping not allowed for count_over_time aggregation",
            "{a=\"b\"} > 1 => parse error : unexpected type for left leg of binary operation (>): *syntax.MatchersExpr",
            "1 + {a=\"b\"} | json => parse error : unexpected type for right leg of binary operation (+): *syntax.PipelineExpr",
            "1 and rate({a=\"b\"}[1m]) => parse error : unexpected literal for left leg of logical/set binary operation (and): 1.000000",
            "rate({a=\"b\"}[1m]) + bool 1 => parse error : bool modifier can only be used on comparison operators",
            "{job=\"apache\"} |~ \"(unclosed\" => parse error : stage '|~ \"(unclosed\"' : error parsing regexp: missing closing ): `(unclosed`",
            "{job=\"apache\"} |= ip(\"not-an-ip\") => parse error : stage '|= ip(\"not-an-ip\")' : ip: invalid pattern: \"not-an-ip\"",
            "{job=\"apache\"} | x = ip(\"1.2.3\") => parse error : stage '| x=ip(\"1.2.3\")' : ip: invalid pattern: \"1.2.3\"",
            "{job=\"apache\"} | label_format a=job, a=host => parse error : stage '| label_format a=job,a=host' : multiple label name 'a' not allowed in a single format operation",
            "{job=\"apache\"} | pattern \"<_>\" => parse error : invalid pattern parser: at least one capture is required",
            "{job=\"apache\"} | pattern \"<a><b>\" => parse error : invalid pattern parser: found consecutive capture '<a><b>': invalid expression",
            "{job=\"apache\"} | pattern \"<a> <a>\" => parse error : invalid pattern parser: duplicate capture name (a): invalid expression",
            "{job=\"apache\"} | regexp \"(\\\\d+)\" => parse error : invalid regexp parser: at least one named capture must be supplied",
            "label_replace(rate({job=\"apache\"}[5m]), \"x\", \"$1\", \"job\", \"(\") => parse error : invalid regex in label_replace: error parsing regexp: missing closing ): `^(?:()$`",
    })
    void lokiMessages(String query, String message) {
        ParseException e = error(query);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void rangesAreReadAsPrometheusDurations() {
        ParseException e = error("rate({a=\"b\"}[1.5m])");
        assertThat(e.col()).isEqualTo(13);
        assertThat(e.detail()).contains("\"1.5m\"");
    }

    @Test
    void sortTakesNoGrouping() {
        assertThat(error("sort by (a) (rate({a=\"b\"}[1m]))").getMessage())
                .isEqualTo("parse error : sort and sort_desc doesn't allow grouping by ");
    }

    @Test
    void positionsCountLinesAndColumns() {
        ParseException e = error("{a=\"b\"}\n| json\n| x=");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.col()).isEqualTo(5);
        assertThat(e.detail()).isEqualTo("syntax error: unexpected $end");
    }

    @Test
    void syntaxErrorsWinOverStageErrors() {
        assertThat(error("{a=\"b\"} |~ \"(\" | ").getMessage()).startsWith("parse error at line 1, col 18: syntax error");
    }

    @Test
    void longQueriesAreRejected() {
        String q = "{a=\"" + "x".repeat(5200) + "\"}";
        assertThat(error(q).getMessage()).isEqualTo("parse error : input size too long (" + q.length() + " > 5120)");
    }

    @Test
    void deepNestingIsAParseErrorNotAStackOverflow() {
        String q = "(".repeat(2000) + "1" + ")".repeat(2000);
        ParseException e = catchThrowableOfType(ParseException.class, () -> LogQL.parse(q, 100_000, 200));
        assertThat(e).isNotNull();
        assertThat(e.detail()).contains("nested too deeply");
        String filters = "{a=\"b\"} | " + "(".repeat(1000) + "x=\"y\"" + ")".repeat(1000);
        assertThat(error(filters).detail()).contains("nested too deeply");
        String chain = "{a=\"b\"} | " + "x=\"y\" ".repeat(600);
        assertThat(catchThrowableOfType(ParseException.class, () -> LogQL.parse(chain))).isNotNull();
        String binops = "1" + " + 1".repeat(1000);
        assertThat(catchThrowableOfType(ParseException.class, () -> LogQL.parse(binops))).isNull();
    }
}
