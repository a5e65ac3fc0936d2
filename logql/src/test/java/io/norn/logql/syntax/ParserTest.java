package io.norn.logql.syntax;

import io.norn.model.LabelMatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class ParserTest {
    private static Expr parse(String q) throws ParseException {
        return LogQL.parse(q);
    }

    @Test
    void selectorWithLineFilters() throws ParseException {
        LogSelectorExpr e = LogQL.parseLogSelector("{app=\"api\", env!=\"dev\", pod=~\"a.*\", ns!~`kube-.*`} |= \"err\" != `x\\y` |~ \"a|b\" !~ \"c\" |> \"<_> x\" !> \"y <_>\"");
        assertThat(e.matchers()).containsExactly(
                LabelMatcher.of(LabelMatcher.Type.EQ, "app", "api"),
                LabelMatcher.of(LabelMatcher.Type.NEQ, "env", "dev"),
                LabelMatcher.of(LabelMatcher.Type.RE, "pod", "a.*"),
                LabelMatcher.of(LabelMatcher.Type.NRE, "ns", "kube-.*"));
        assertThat(e.stages()).containsExactly(
                LineFilterExpr.of(LineFilterType.CONTAINS, "err"),
                LineFilterExpr.of(LineFilterType.NOT_CONTAINS, "x\\y"),
                LineFilterExpr.of(LineFilterType.REGEX, "a|b"),
                LineFilterExpr.of(LineFilterType.NOT_REGEX, "c"),
                LineFilterExpr.of(LineFilterType.PATTERN, "<_> x"),
                LineFilterExpr.of(LineFilterType.NOT_PATTERN, "y <_>"));
        assertThat(e.lineFilters()).hasSize(6);
        assertThat(e.onlyLineFilters()).isTrue();
    }

    @Test
    void orAlternativesOfAPositiveFilterStayTogether() throws ParseException {
        LogSelectorExpr e = LogQL.parseLogSelector("{a=\"b\"} |= \"x\" or \"y\" or ip(\"10.0.0.1\")");
        assertThat(e.stages()).containsExactly(new LineFilterExpr(LineFilterType.CONTAINS, List.of(
                LineFilterValue.of("x"), LineFilterValue.of("y"), new LineFilterValue("10.0.0.1", true))));
    }

    @Test
    void orAlternativesOfANegativeFilterBecomeSeparateFilters() throws ParseException {
        LogSelectorExpr e = LogQL.parseLogSelector("{a=\"b\"} != \"x\" or \"y\"");
        assertThat(e.stages()).containsExactly(
                LineFilterExpr.of(LineFilterType.NOT_CONTAINS, "x"),
                LineFilterExpr.of(LineFilterType.NOT_CONTAINS, "y"));
        assertThat(Printer.format(e)).isEqualTo("{a=\"b\"} != \"x\" != \"y\"");
    }

    @Test
    void stringEscapes() throws ParseException {
        LogSelectorExpr e = LogQL.parseLogSelector("{a=\"q\\\"b\\\\s\\n\\t\\u00e9\\x41\\101\"}");
        assertThat(e.matchers().get(0).value()).isEqualTo("q\"b\\s\n\t\u00e9AA");
    }

    @Test
    void parserStages() throws ParseException {
        LogSelectorExpr e = LogQL.parseLogSelector("{a=\"b\"} | json | json x=\"a.b\", y | logfmt --strict --keep-empty"
                + " | logfmt z | regexp \"(?P<n>\\\\d+)\" | pattern \"<ip> <_>\" | unpack | decolorize"
                + " | line_format \"{{.x}}\" | label_format n=x, m=\"{{.y}}\" | drop a, b=\"c\" | keep d");
        assertThat(e.stages()).containsExactly(
                ParserExpr.of(ParserExpr.Kind.JSON),
                new ParserExpr(ParserExpr.Kind.JSON, "", List.of(new LabelExtraction("x", "a.b"), new LabelExtraction("y", "y")), false, false),
                new ParserExpr(ParserExpr.Kind.LOGFMT, "", List.of(), true, true),
                new ParserExpr(ParserExpr.Kind.LOGFMT, "", List.of(new LabelExtraction("z", "z")), false, false),
                new ParserExpr(ParserExpr.Kind.REGEXP, "(?P<n>\\d+)", List.of(), false, false),
                new ParserExpr(ParserExpr.Kind.PATTERN, "<ip> <_>", List.of(), false, false),
                ParserExpr.of(ParserExpr.Kind.UNPACK),
                new DecolorizeExpr(),
                new LineFormatExpr("{{.x}}"),
                new LabelFormatExpr(List.of(new LabelFormatExpr.LabelFmt("n", "x", true), new LabelFormatExpr.LabelFmt("m", "{{.y}}", false))),
                new DropLabelsExpr(List.of(LabelSelection.name("a"), LabelSelection.matching(LabelMatcher.eq("b", "c")))),
                new KeepLabelsExpr(List.of(LabelSelection.name("d"))));
    }

    @Test
    void labelFilterKinds() throws ParseException {
        LogSelectorExpr e = LogQL.parseLogSelector("{a=\"b\"} | x=\"1\" | y >= 2.5 | d > 1m30s | s <= 10KiB | i = ip(\"::1\") | n == -3 | m != 20MB");
        assertThat(e.stages()).containsExactly(
                new LabelFilterStage(new LabelFilter.StringFilter(LabelMatcher.eq("x", "1"))),
                new LabelFilterStage(new LabelFilter.NumericFilter("y", ComparisonOp.GTE, 2.5)),
                new LabelFilterStage(new LabelFilter.DurationFilter("d", ComparisonOp.GT, 90_000_000_000L)),
                new LabelFilterStage(new LabelFilter.BytesFilter("s", ComparisonOp.LTE, 10240)),
                new LabelFilterStage(new LabelFilter.IpFilter("i", true, "::1")),
                new LabelFilterStage(new LabelFilter.NumericFilter("n", ComparisonOp.EQ, -3)),
                new LabelFilterStage(new LabelFilter.BytesFilter("m", ComparisonOp.NEQ, 20_000_000)));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "a=\"1\" and b=\"2\" or c=\"3\" => ( ( a=\"1\" , b=\"2\" ) or c=\"3\" )",
            "a=\"1\" or b=\"2\" and c=\"3\" => ( a=\"1\" or ( b=\"2\" , c=\"3\" ) )",
            "a=\"1\", b=\"2\" or c=\"3\" => ( a=\"1\" , ( b=\"2\" or c=\"3\" ) )",
            "a=\"1\" b=\"2\" or c=\"3\" => ( a=\"1\" , ( b=\"2\" or c=\"3\" ) )",
            "(a=\"1\" or b=\"2\") and c>1 => ( ( a=\"1\" or b=\"2\" ) , c>1 )",
            "a=\"1\" or b=\"2\" or c=\"3\" => ( ( a=\"1\" or b=\"2\" ) or c=\"3\" )",
    })
    void labelFilterPrecedence(String filter, String printed) throws ParseException {
        LogSelectorExpr e = LogQL.parseLogSelector("{x=\"y\"} | " + filter);
        assertThat(e.stages()).hasSize(1);
        assertThat(Printer.stage(e.stages().get(0))).isEqualTo("| " + printed);
    }

    @Test
    void rangeAggregationForms() throws ParseException {
        LogSelectorExpr sel = new LogSelectorExpr(List.of(LabelMatcher.eq("a", "b")), List.of(ParserExpr.of(ParserExpr.Kind.JSON)));
        RangeAggregationExpr expected = new RangeAggregationExpr(RangeOp.COUNT_OVER_TIME,
                new LogRangeExpr(sel, 300_000_000_000L, 3_600_000_000_000L, Optional.empty()), OptionalDouble.empty(), Optional.empty());
        for (String q : List.of(
                "count_over_time({a=\"b\"} | json [5m] offset 1h)",
                "count_over_time({a=\"b\"}[5m] offset 1h | json)",
                "count_over_time(({a=\"b\"} | json)[5m] offset 1h)",
                "count_over_time(({a=\"b\"} | json [5m] offset 1h))",
                "COUNT_OVER_TIME ( {a=\"b\"} | JSON [5m] OFFSET 1h )")) {
            assertThat(parse(q)).as(q).isEqualTo(expected);
        }
    }

    @Test
    void unwrapWithConversionAndPostFilters() throws ParseException {
        RangeAggregationExpr e = (RangeAggregationExpr) parse(
                "quantile_over_time(0.99, {a=\"b\"} | logfmt | unwrap duration(latency) | __error__=\"\" [1m]) by (host)");
        assertThat(e.op()).isEqualTo(RangeOp.QUANTILE_OVER_TIME);
        assertThat(e.param()).isEqualTo(OptionalDouble.of(0.99));
        assertThat(e.grouping()).contains(new Grouping(false, List.of("host")));
        assertThat(e.range().unwrap()).contains(new UnwrapExpr("latency", UnwrapExpr.Conversion.DURATION,
                List.of(new LabelFilter.StringFilter(LabelMatcher.eq("__error__", "")))));
        assertThat(Printer.format(e)).isEqualTo(
                "quantile_over_time(0.99,{a=\"b\"} | logfmt | unwrap duration(latency) | __error__=\"\"[1m]) by (host)");
    }

    @Test
    void vectorAggregationGroupingBeforeOrAfter() throws ParseException {
        Expr before = parse("sum by (a, b) (rate({x=\"y\"}[1m]))");
        Expr after = parse("sum(rate({x=\"y\"}[1m])) by (a, b)");
        assertThat(before).isEqualTo(after);
        assertThat(Printer.format(before)).isEqualTo("sum by (a,b)(rate({x=\"y\"}[1m]))");
        VectorAggregationExpr topk = (VectorAggregationExpr) parse("topk(5, sum without (c) (rate({x=\"y\"}[1m])))");
        assertThat(topk.param()).isEqualTo(OptionalInt.of(5));
        assertThat(((VectorAggregationExpr) topk.inner()).grouping()).isEqualTo(new Grouping(true, List.of("c")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1 + 2 * 3 | 7",
            "2 ^ 3 ^ 2 | 512",
            "(1 + 2) * 3 | 9",
            "-1 + 3 | 2",
            "10 % 4 - 1 | 1",
            "1 > bool 2 | 0",
            "2 >= 2 | 1",
            "8 / 2 / 2 | 2",
    })
    void literalArithmeticIsFolded(String q, double value) throws ParseException {
        assertThat(parse(q)).isEqualTo(new LiteralExpr(value));
    }

    @Test
    void binaryPrecedenceAndModifiers() throws ParseException {
        BinaryOpExpr e = (BinaryOpExpr) parse("rate({a=\"b\"}[1m]) + rate({a=\"c\"}[1m]) * 2 > bool on (x) group_left (y) vector(1) or vector(0)");
        assertThat(e.op()).isEqualTo(BinaryOp.OR);
        BinaryOpExpr cmp = (BinaryOpExpr) e.lhs();
        assertThat(cmp.op()).isEqualTo(BinaryOp.GT);
        assertThat(cmp.modifier()).isEqualTo(new BinOpModifier(true, true, List.of("x"), BinOpModifier.Cardinality.MANY_TO_ONE, List.of("y")));
        BinaryOpExpr add = (BinaryOpExpr) cmp.lhs();
        assertThat(add.op()).isEqualTo(BinaryOp.ADD);
        assertThat(((BinaryOpExpr) add.rhs()).op()).isEqualTo(BinaryOp.MUL);
        assertThat(e.literalOnly()).isFalse();
        assertThat(e.selectors()).hasSize(2);
        assertThat(parse("vector(1) + 2").getClass()).isEqualTo(BinaryOpExpr.class);
        assertThat(((SampleExpr) parse("vector(1) + 2")).literalOnly()).isTrue();
    }

    @Test
    void labelReplace() throws ParseException {
        assertThat(parse("label_replace(rate({a=\"b\"}[1m]), \"dst\", \"$1\", \"src\", \"(.*)\")"))
                .isInstanceOf(LabelReplaceExpr.class)
                .hasToString("label_replace(rate({a=\"b\"}[1m]),\"dst\",\"$1\",\"src\",\"(.*)\")");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{a=\"b\"} # a comment",
            "{a=\"b\"}\n|= \"x\"\n| json",
            "sum by(a)(rate({a=\"b\"}[1m]))",
            "rate({a=\"b\"} | unwrap x [1m])",
            "rate_counter({a=\"b\"} | unwrap x [1m]) by (a)",
            "sum_over_time({a=\"b\"} | unwrap bytes(size) [1h])",
            "absent_over_time({a=\"b\"}[1m])",
            "sort_desc(sum(rate({a=\"b\"}[1m])))",
            "{a=\"b\"} | ip != ip(\"10.0.0.0/8\")",
            "{a=\"b\"} | rate > 5",
            "count_over_time({a=\"b\"}[1d] offset 1w) == 0",
            "{a=\"b\"} | level=~\"err.*\" | json | line_format `{{.msg}}`",
    })
    void validQueries(String q) throws ParseException {
        Expr e = parse(q);
        assertThat(parse(Printer.format(e))).isEqualTo(e);
    }
}
