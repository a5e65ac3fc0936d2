package io.norn.logql.syntax;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Loki's canonical single-line form ({@code String()} of its AST). */
class PrinterTest {
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "{app=\"x\",env=~\"p.*\"} => {app=\"x\", env=~\"p.*\"}",
            "{a=\"b\"}|=\"x\" or \"y\"|~`a\\d`|json|logfmt --strict a, b=\"c\" => {a=\"b\"} |= \"x\" or \"y\" |~ \"a\\\\d\" | json | logfmt --strict a=\"a\",b=\"c\"",
            "{a=\"b\"} | x > 1.50 | y < 250ms | z >= 1h | w = ip(\"10.0.0.0/8\") | v != 5KB => {a=\"b\"} | x>1.5 | y<250ms | z>=1h0m0s | w=ip(\"10.0.0.0/8\") | v!=5000B",
            "{a=\"b\"} | label_format x=y, z=\"{{.a}}\" | drop a, b=\"c\" | keep d | line_format \"{{.x}}\" | decolorize => {a=\"b\"} | label_format x=y,z=\"{{.a}}\" | drop a,b=\"c\" | keep d | line_format \"{{.x}}\" | decolorize",
            "sum by (a) (count_over_time({a=\"b\"}[90s])) => sum by (a)(count_over_time({a=\"b\"}[1m30s]))",
            "sum(rate({a=\"b\"}[1h] offset 1d)) without (c) => sum without (c)(rate({a=\"b\"}[1h] offset 1d))",
            "topk(3, sum by (a) (rate({a=\"b\"}[5m]))) => topk(3,sum by (a)(rate({a=\"b\"}[5m])))",
            "quantile_over_time(0.5, {a=\"b\"} | unwrap bytes(x) [5m]) by (c) => quantile_over_time(0.5,{a=\"b\"} | unwrap bytes(x)[5m]) by (c)",
            "rate({a=\"b\"}[5m]) / on (x) group_left (y) rate({a=\"c\"}[5m]) => (rate({a=\"b\"}[5m]) / on (x) group_left (y) rate({a=\"c\"}[5m]))",
            "rate({a=\"b\"}[5m]) > bool 2 => (rate({a=\"b\"}[5m]) > bool 2)",
            "vector(1) or rate({a=\"b\"}[5m]) * 100000000 => (vector(1.000000) or (rate({a=\"b\"}[5m]) * 100000000))",
            "rate({a=\"b\"}[5m] offset -1h) => rate({a=\"b\"}[5m] offset -1h)",
    })
    void canonicalForm(String query, String printed) throws ParseException {
        Expr e = LogQL.parse(query);
        assertThat(Printer.format(e)).isEqualTo(printed);
        assertThat(LogQL.parse(printed)).isEqualTo(e);
    }
}
