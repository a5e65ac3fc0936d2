package io.norn.logql.log.template;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionsTest {
    static final TestContext CTX = TemplateTest.CTX;

    static String run(String template) throws TemplateException {
        return Template.parse(Template.LINE, template, ZoneOffset.UTC,
                InstantSource.fixed(Instant.parse("2024-03-01T12:34:56.789Z"))).execute(CTX);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '~', textBlock = """
            {{ ToLower "AbC" }} {{ ToUpper "AbC" }} {{ lower "AbC" }} {{ upper "AbC" }} ==> abc ABC abc ABC
            {{ Replace "aaa" "a" "b" 2 }} {{ Replace "aaa" "a" "b" -1 }} {{ replace "a" "b" "banana" }} ==> bba bbb bbnbnb
            {{ Trim "xxaxx" "x" }}|{{ TrimLeft "xxaxx" "x" }}|{{ TrimRight "xxaxx" "x" }}|{{ TrimSpace "  a b  " }}|{{ trim " a " }} ==> a|axx|xxa|a b|a
            {{ TrimPrefix "prefix-a" "prefix-" }} {{ TrimSuffix "a.log" ".log" }} {{ trimPrefix "-" "-a" }} {{ trimSuffix "-" "a-" }} {{ trimAll "$" "$5.00$" }} ==> a a a a 5.00
            {{ title "hello wORLD-x_y" }} ==> Hello WORLD-X_y
            {{ trunc 5 "hello world" }}|{{ trunc -5 "hello world" }}|{{ trunc 50 "hi" }}|{{ trunc 2 "héllo" }} ==> hello|world|hi|hé
            {{ substr 0 5 "hello world" }}|{{ substr 6 11 "hello world" }}|{{ substr -1 3 "hello" }}|{{ substr 2 -1 "hello" }}|{{ substr 9 20 "hello" }} ==> hello|world|hel|llo|
            {{ contains "ll" "hello" }} {{ hasPrefix "he" "hello" }} {{ hasSuffix "lo" "hello" }} {{ contains "x" "hello" }} ==> true true true false
            {{ indent 2 "a\\nb" }}|{{ nindent 2 "a" }} ==> ~  a\n  b|\n  a~
            {{ repeat 3 "ab" }} {{ alignLeft 5 "hi" }}| {{ alignLeft 3 "hello" }} {{ alignRight 5 "hi" }} {{ alignRight 3 "hello" }} ==> ababab hi   | hel    hi llo
            {{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }} ==> -W-xxW-
            {{ regexReplaceAll "(?P<first>\\\\w+) (?P<last>\\\\w+)" "John Smith" "$last, $first" }} ==> Smith, John
            {{ regexReplaceAll "a*" "baaac" "-" }} ==> -b-c-
            {{ regexReplaceAll "a" "aaa" "$1x$$" }} ==> $$$
            {{ regexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "${1}" }} ==> -${1}-${1}-
            {{ count "a|b" "abab" }} {{ count "o" "foo" }} {{ count "x*" "abc" }} ==> 4 2 4
            {{ urlencode "a b/c?d=é" }} {{ urldecode "a%20b+c%2F" }} ==> a+b%2Fc%3Fd%3D%C3%A9 a b c/
            {{ b64enc "hello loki" }} {{ b64dec "aGVsbG8gbG9raQ==" }} {{ b64dec "!!" }} ==> aGVsbG8gbG9raQ== hello loki illegal base64 data at input byte 0
            {{ bytes "1.62MB" }} {{ bytes "7MiB" }} {{ bytes "12 KB" }} {{ bytes "100" }} ==> 1.62e+06 7.340032e+06 12000 100
            {{ duration "1m30s" }} {{ duration_seconds "1719ms" }} {{ duration "-1.5h" }} {{ duration "195ms954us" }} ==> 90 1.7189999999999999 -5400 0.195954
            {{ default "-" "" }} {{ default "-" "x" }} {{ .missing | default "d" }} {{ default "z" 0 }} {{ default "z" false }} ==> - x d z z
            {{ int "42" }} {{ int "3.0" }} {{ int "0x10" }} {{ int "abc" }} {{ int 2.9 }} {{ float64 "2.5" }} {{ float64 "x" }} ==> 42 3 16 0 2 2.5 0
            {{ add 1 2 3 }} {{ sub 5 2 }} {{ mul 2 3 4 }} {{ div 7 2 }} {{ mod 7 3 }} {{ add "2" 1.9 }} ==> 6 3 24 3 1 3
            {{ addf 0.202 1.5 }} {{ subf 0.202 0.25 }} {{ mulf 0.202 3 }} {{ divf 1734 8 }} {{ divf 10 2 4 }} {{ addf 0.1 0.2 }} ==> 1.702 -0.048 0.606 216.75 1.25 0.3
            {{ max 1 5 3 }} {{ min 4 2 8 }} {{ maxf 1 2.5 }} {{ minf 1.5 0.5 }} ==> 5 2 2.5 0.5
            {{ ceil 1.2 }} {{ floor 1.8 }} {{ round 123.555555 3 }} {{ round 123.88571428571 5 0.2 }} {{ round 620.0 2 }} ==> 2 1 123.556 123.88572 620
            {{ (fromJson "{\\"a\\":[1,2]}").a }} {{ fromJson "55" }} ==> [1 2] 55
            {{ __timestamp__ | date "2006-01-02T15:04:05.000Z07:00" }} ==> 2024-01-15T01:59:11.298Z
            {{ __timestamp__ | unixEpoch }} {{ __timestamp__ | unixEpochMillis }} {{ __timestamp__ | unixEpochNanos }} ==> 1705283951 1705283951298 1705283951298005000
            {{ date "Mon Jan _2 3:04PM MST 2006 .999999 002" __timestamp__ }} ==> Mon Jan 15 1:59AM UTC 2024 .298005 015
            {{ toDateInZone "02/Jan/2006:15:04:05 -0700" "UTC" "15/Jan/2024:01:55:24 +0100" | unixEpoch }} ==> 1705280124
            {{ toDate "2006-01-02" "2021-11-02" | unixEpoch }} {{ toDate "2006-01-02" "bad" | unixEpoch }} ==> 1635811200 -62135596800
            {{ toDateInZone "2006-01-02 15:04" "Europe/Paris" "2024-07-01 12:00" | unixEpoch }} ==> 1719828000
            {{ unixToTime "1679577215" | unixEpoch }} {{ unixToTime "19373" | unixEpoch }} {{ unixToTime "1679577215123" | unixEpochMillis }} ==> 1679577215 1673827200 1679577215123
            {{ now | unixEpoch }} {{ date "2006" 0 }} {{ now | date "15:04" }} ==> 1709296496 1970 12:34
            {{ toDate "Jan 2, 2006 at 3:04pm (MST)" "Feb 3, 2013 at 7:54pm (UTC)" | date "2006-01-02 15:04:05" }} ==> 2013-02-03 19:54:00
            """)
    void lokiFunctions(String template, String expected) throws TemplateException {
        assertThat(run(template)).isEqualTo(expected);
    }

    @Test
    void datesRenderInTheConfiguredZone() throws TemplateException {
        Template t = Template.parse(Template.LINE, "{{ __timestamp__ | date \"2006-01-02 15:04 MST -07:00\" }}", ZoneId.of("America/New_York"));
        assertThat(t.execute(CTX)).isEqualTo("2024-01-14 20:59 EST -05:00");
    }

    @Test
    void unixToTimeRejectsOddLengths() throws TemplateException {
        Template t = Template.parse("{{ unixToTime \"123\" }}");
        assertThatThrownBy(() -> t.execute(CTX)).hasMessageEndingWith("error calling unixToTime: unable to parse time '123': %!w(<nil>)");
    }

    @Test
    void everyLokiFunctionIsDefined() {
        String[] names = {"ToLower", "ToUpper", "Replace", "Trim", "TrimLeft", "TrimRight", "TrimPrefix", "TrimSuffix",
                "TrimSpace", "regexReplaceAll", "regexReplaceAllLiteral", "count", "urldecode", "urlencode", "bytes",
                "duration", "duration_seconds", "unixEpochMillis", "unixEpochNanos", "toDateInZone", "unixToTime",
                "alignLeft", "alignRight", "b64enc", "b64dec", "lower", "upper", "title", "trunc", "substr", "contains",
                "hasPrefix", "hasSuffix", "indent", "nindent", "replace", "repeat", "trim", "trimAll", "trimSuffix",
                "trimPrefix", "int", "float64", "add", "sub", "mul", "div", "mod", "addf", "subf", "mulf", "divf", "max",
                "min", "maxf", "minf", "ceil", "floor", "round", "fromJson", "date", "toDate", "now", "unixEpoch",
                "default", "__line__", "__timestamp__", "and", "or", "not", "len", "index", "slice", "print", "printf",
                "println", "eq", "ne", "lt", "le", "gt", "ge", "html", "js", "urlquery", "call"};
        assertThat(Functions.all().keySet()).containsExactlyInAnyOrder(names);
    }

    @Test
    void sprigFunctionsLokiDoesNotImportAreUndefined() {
        for (String name : new String[]{"sha256sum", "empty", "coalesce", "ternary", "abbrev", "toJson"}) {
            assertThatThrownBy(() -> Template.parse("{{ " + name + " 1 }}"))
                    .hasMessage("template: line:1: function \"" + name + "\" not defined");
        }
    }

    @Test
    void deepNestingFailsCleanly() {
        String parens = "{{ " + "(".repeat(100_000) + "1" + ")".repeat(100_000) + " }}";
        assertThatThrownBy(() -> Template.parse(parens)).isInstanceOf(TemplateException.class)
                .hasMessage("template: line:1: max expression depth exceeded");
        String ifs = "{{ if 1 }}".repeat(50_000) + "x" + "{{ end }}".repeat(50_000);
        assertThatThrownBy(() -> Template.parse(ifs)).isInstanceOf(TemplateException.class)
                .hasMessage("template: line:1: max expression depth exceeded");
        String defs = "{{ define \"a\" }}{{ template \"a\" }}{{ end }}{{ template \"a\" }}";
        assertThatThrownBy(() -> Template.parse(defs).execute(CTX)).isInstanceOf(TemplateException.class)
                .hasMessageContaining("exceeded maximum template depth");
    }

    @Test
    void hugeOutputsFailCleanly() throws TemplateException {
        Template t = Template.parse("{{ repeat 100000 (repeat 100000 \"x\") }}");
        assertThatThrownBy(() -> t.execute(CTX)).isInstanceOf(TemplateException.class)
                .hasMessageContaining("strings: Repeat output length overflow");
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 20_000; i++) big.append("{{ .app }}{{ __line__ }}");
        Template many = Template.parse(big.toString());
        assertThat(many.execute(CTX)).hasSize(20_000 * (3 + CTX.line().length()));
    }
}
