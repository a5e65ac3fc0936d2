package io.norn.logql.log.template;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateTest {
    /** 2024-01-15T01:59:11.298005Z */
    static final long TS = 1705283951298005000L;
    static final TestContext CTX = TestContext.of("line with 0 zeros 10", TS,
            "app", "foo", "level", "warn", "n", "42", "f", "2.5", "empty", "", "msg", "Hello World", "path", "/a/b/c");

    static String run(String template) throws TemplateException {
        return Template.parse(template).execute(CTX);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '~', textBlock = """
            plain text ==> plain text
            {{.app}} ==> foo
            {{ .app }}-{{.level}} ==> foo-warn
            {{.missing}} ==> ~~
            a {{- " b " -}} c ==> a b c
            a  {{- /* comment */ -}}  c ==> ac
            x{{/* comment */}}y ==> xy
            {{ "quoted\\t\\x41\\u00e9" }} ==> ~quoted\tAé~
            {{ `raw\\n` }} ==> raw\\n
            {{ 42 }} {{ -7 }} {{ 0x1F }} {{ 0o17 }} {{ 017 }} ==> 42 -7 31 15 15
            {{ 1.5 }} {{ 1e3 }} {{ 1_000 }} {{ 'a' }} ==> 1.5 1000 1000 97
            {{ true }} {{ false }} ==> true false
            {{ .app | printf "%s!" }} ==> foo!
            {{ printf "%d-%s" 3 "x" }} ==> 3-x
            {{ $x := .app }}{{ $x }} ==> foo
            {{ $x := 1 }}{{ $x = 2 }}{{ $x }} ==> 2
            {{ $ }} ==> map[app:foo empty: f:2.5 level:warn msg:Hello World n:42 path:/a/b/c]
            {{ (.app) }} ==> foo
            {{ (printf "%s" .app) | upper }} ==> FOO
            {{ if .app }}yes{{ end }} ==> yes
            {{ if .missing }}yes{{ else }}no{{ end }} ==> no
            {{ if eq .level "info" }}I{{ else if eq .level "warn" }}W{{ else }}E{{ end }} ==> W
            {{ with .app }}[{{ . }}]{{ end }} ==> [foo]
            {{ with .missing }}[{{ . }}]{{ else }}none{{ end }} ==> none
            {{ with .missing }}a{{ else with .app }}{{ . }}{{ end }} ==> foo
            {{ range $i, $v := fromJson "[\\"a\\",\\"b\\"]" }}{{ $i }}={{ $v }};{{ end }} ==> 0=a;1=b;
            {{ range fromJson "[]" }}x{{ else }}empty{{ end }} ==> empty
            {{ range $k, $v := fromJson "{\\"b\\":1,\\"a\\":2}" }}{{ $k }}{{ $v }}{{ end }} ==> a2b1
            {{ range $v := fromJson "[1,2,3,4]" }}{{ if eq $v 3.0 }}{{ break }}{{ end }}{{ $v }}{{ end }} ==> 12
            {{ range $v := fromJson "[1,2,3]" }}{{ if eq $v 2.0 }}{{ continue }}{{ end }}{{ $v }}{{ end }} ==> 13
            {{ range $k, $v := . }}{{ if eq $k "app" }}{{ $v }}{{ end }}{{ end }} ==> foo
            {{ and 1 0 }} {{ and 1 2 }} {{ or 0 "" }} {{ or 0 "x" }} ==> 0 2  x
            {{ not .app }} {{ not .missing }} ==> false true
            {{ len .app }} {{ len "é" }} {{ len $ }} ==> 3 2 7
            {{ index $ "app" }} {{ index "abc" 1 }} ==> foo 98
            {{ slice "abcdef" 1 3 }} {{ slice .app 1 }} ==> bc oo
            {{ print 1 2 "a" 3 }} {{ println "x" 1 }} ==> ~1 2a3 x 1\n~
            {{ eq 1 1 }} {{ eq .app "x" "foo" }} {{ ne 1 2 }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt "b" "a" }} {{ ge 1.5 2.5 }} ==> true true true true true true false
            {{ html "<a href='x'>&</a>" }} ==> &lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;
            {{ js "it's <b>" }} ==> it\\'s \\u003Cb\\u003E
            {{ urlquery "a b&c" }} ==> a+b%26c
            {{ print nil }} ==> <nil>
            {{ define "t" }}[{{ . }}]{{ end }}{{ template "t" .app }} ==> [foo]
            {{ block "b" .level }}<{{ . }}>{{ end }} ==> <warn>
            {{ (fromJson "{\\"a\\":{\\"b\\":\\"c\\"}}").a.b }} ==> c
            {{ (fromJson "{\\"a\\":1}").x }} ==> <no value>
            {{ fromJson "[1,\\"a\\",null,true]" }} ==> [1 a <nil> true]
            {{ fromJson "{bad" }} ==> <no value>
            {{ __line__ }} ==> line with 0 zeros 10
            {{ __timestamp__ }} ==> 2024-01-15 01:59:11.298005 +0000 UTC
            {{ __timestamp__.Unix }} {{ (__timestamp__).Format "2006" }} ==> 1705283951 2024
            """)
    void coreConstructs(String template, String expected) throws TemplateException {
        assertThat(run(template)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '~', textBlock = """
            {{ printf "%5s|%-5s|%.2s" "ab" "ab" "abc" }} ==> ~   ab|ab   |ab~
            {{ printf "%05d|%+d|%x|%X|%o|%b|%#x" 42 42 255 255 8 5 255 }} ==> 00042|+42|ff|FF|10|101|0xff
            {{ printf "%f|%.2f|%e|%g|%.3g|%8.3f" 3.14159 3.14159 1234.5678 0.00001 1234.5678 3.14159 }} ==> 3.141590|3.14|1.234568e+03|1e-05|1.23e+03|   3.142
            {{ printf "%v|%v|%v|%v" 1.0 1e21 123456789.0 0.000123 }} ==> 1|1e+21|1.23456789e+08|0.000123
            {{ printf "%q|%c|%U|%t" "a\\"b" 65 65 true }} ==> "a\\"b"|A|U+0041|true
            {{ printf "%d" "x" }} ==> %!d(string=x)
            {{ printf "%s" }} ==> %!s(MISSING)
            {{ printf "%s" "a" "b" }} ==> a%!(EXTRA string=b)
            {{ printf "%T %T %T %T" 1 1.5 "s" (add 1 2) }} ==> int float64 string int64
            {{ printf "%.2f" 0.125 }} {{ printf "%.0f" 2.5 }} ==> 0.12 2
            {{ printf "%6.2f|%-8.3e|" -1.5 100.0 }} ==> ~ -1.50|1.000e+02|~
            {{ printf "%%|%v" (fromJson "{\\"a\\":[1,2]}") }} ==> %|map[a:[1 2]]
            {{ printf "%s" nil }} ==> %!s(<nil>)
            {{ printf "%*d|%-*d|" 4 7 3 7 }} ==> ~   7|7  |~
            """)
    void printfVerbs(String template, String expected) throws TemplateException {
        assertThat(run(template)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '~', textBlock = """
            {{.foo ==> template: line:1: unclosed action
            {{ foo }} ==> template: line:1: function "foo" not defined
            {{ if .a }}x ==> template: line:1: unexpected EOF
            {{ end }} ==> template: line:1: unexpected {{end}}
            {{ else }} ==> template: line:1: unexpected {{else}}
            {{ $x }} ==> template: line:1: undefined variable "$x"
            {{ .a }}} ==> ~~
            {{ ( .a }} ==> template: line:1: unclosed left paren
            {{ .a ) }} ==> template: line:1: unexpected right paren
            {{ "abc }} ==> template: line:1: unterminated quoted string
            {{ 3x }} ==> template: line:1: bad number syntax: "3x"
            {{ break }} ==> template: line:1: {{break}} outside {{range}}
            {{/* x }} ==> template: line:1: unclosed comment
            {{ .a | "x" }} ==> template: line:1: non executable command in pipeline stage 2
            {{ 9999999999999999999999 }} ==> template: line:1: integer overflow: "9999999999999999999999"
            {{ "x".a }} ==> template: line:1: unexpected . after term "\\"x\\""
            {{ :a }} ==> template: line:1: expected :=
            {{ # }} ==> template: line:1: unexpected "#" in command
            {{ .a b }} ==> template: line:1: function "b" not defined
            {{ "\\q" }} ==> template: line:1: invalid syntax
            {{ range $a, $b, $c := . }}{{ end }} ==> template: line:1: too many declarations in range
            {{ with $x := 1 }}{{ end }}{{ $x }} ==> template: line:1: undefined variable "$x"
            """)
    void parseErrors(String template, String message) {
        String t = template;
        if (message.isEmpty()) {
            // a lone } after an action is plain text
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Template.parse(t))).isNull();
            return;
        }
        assertThatThrownBy(() -> Template.parse(t)).isInstanceOf(TemplateException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '~', textBlock = """
            {{ .nonexistent | div 2 }} ==> template: line:1:18: executing "line" at <div 2>: error calling div: runtime error: integer divide by zero
            {{ trunc .n .app }} ==> template: line:1:9: executing "line" at <.n>: wrong type for value; expected int; got string
            {{ trunc "3" .app }} ==> template: line:1:9: executing "line" at <"3">: expected integer; found "3"
            {{ upper 3 }} ==> template: line:1:9: executing "line" at <3>: expected string; found 3
            {{ upper }} ==> template: line:1:3: executing "line" at <upper>: wrong number of args for upper: want 1 got 0
            {{ eq }} ==> template: line:1:3: executing "line" at <eq>: wrong number of args for eq: want at least 1 got 0
            {{ eq .n 42 }} ==> template: line:1:3: executing "line" at <eq .n 42>: error calling eq: incompatible types for comparison
            {{ lt true false }} ==> template: line:1:3: executing "line" at <lt true false>: error calling lt: invalid type for comparison
            {{ .app.x }} ==> template: line:1:7: executing "line" at <.app.x>: can't evaluate field x in type string
            {{ (fromJson "{}").a.b }} ==> template: line:1:13: executing "line" at <"{}">: nil pointer evaluating interface {}.b
            {{ range .app }}{{ end }} ==> template: line:1:9: executing "line" at <.app>: range can't iterate over foo
            {{ nil }} ==> template: line:1:3: executing "line" at <nil>: nil is not a command
            {{ .app 1 }} ==> template: line:1:3: executing "line" at <.app>: app is not a method but has arguments
            {{ "x" 1 }} ==> template: line:1:3: executing "line" at <"x">: can't give argument to non-function "x"
            {{ template "nope" }} ==> template: line:1:12: executing "line" at <{{template "nope"}}>: template "nope" not defined
            {{ regexReplaceAll "(" .app "x" }} ==> template: line:1:3: executing "line" at <regexReplaceAll "(" .app "x">: error calling regexReplaceAll: error parsing regexp: missing closing ): `(`
            {{ urldecode "%zz" }} ==> template: line:1:3: executing "line" at <urldecode "%zz">: error calling urldecode: invalid URL escape "%zz"
            {{ duration "abc" }} ==> template: line:1:3: executing "line" at <duration "abc">: error calling duration: time: invalid duration "abc"
            {{ bytes "12XB" }} ==> template: line:1:3: executing "line" at <bytes "12XB">: error calling bytes: unhandled size name: xb
            {{ repeat -1 "x" }} ==> template: line:1:3: executing "line" at <repeat -1 "x">: error calling repeat: strings: negative Repeat count
            {{ index "abc" 5 }} ==> template: line:1:3: executing "line" at <index "abc" 5>: error calling index: index out of range: 5
            {{ len 3 }} ==> template: line:1:3: executing "line" at <len 3>: error calling len: len of type int
            {{ unixEpoch .app }} ==> template: line:1:13: executing "line" at <.app>: wrong type for value; expected time.Time; got string
            {{ divf 1 0 }} ==> template: line:1:3: executing "line" at <divf 1 0>: error calling divf: decimal division by zero
            """)
    void executionErrors(String template, String message) throws TemplateException {
        Template t = Template.parse(template);
        assertThatThrownBy(() -> t.execute(CTX)).isInstanceOf(TemplateException.class).hasMessage(message);
    }

    @org.junit.jupiter.api.Test
    void parseErrorsNameTheLineOfTheFailingToken() {
        assertThatThrownBy(() -> Template.parse("a\nb\n{{ if }}")).hasMessage("template: line:3: missing value for if");
        assertThatThrownBy(() -> Template.parse("{{ .a\n\n")).hasMessage("template: line:3: unclosed action started at line:1");
    }

    @org.junit.jupiter.api.Test
    void executionErrorsCountLinesAndColumns() throws TemplateException {
        Template t = Template.parse("x\n  {{ div 1 0 }}");
        assertThatThrownBy(() -> t.execute(CTX)).hasMessageStartingWith("template: line:2:5: executing \"line\" at <div 1 0>");
    }

    @org.junit.jupiter.api.Test
    void labelTemplatesCarryTheirNameInErrors() throws TemplateException {
        Template t = Template.parse(Template.LABEL, "{{ div 1 0 }}", java.time.ZoneOffset.UTC);
        assertThatThrownBy(() -> t.execute(CTX)).hasMessageStartingWith("template: label:1:3: executing \"label\" at <div 1 0>");
        assertThatThrownBy(() -> Template.parse(Template.LABEL, "{{", java.time.ZoneOffset.UTC))
                .hasMessage("template: label:1: unclosed action");
    }

    @org.junit.jupiter.api.Test
    void fieldNamesListsTheLabelsATemplateReads() throws TemplateException {
        Template t = Template.parse("{{ .a }}{{ if .b }}{{ .c.d | upper }}{{ end }}{{ range .e }}{{ end }}");
        assertThat(t.fieldNames()).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
    }

    @org.junit.jupiter.api.Test
    void executeAppendsToAReusedBuilder() throws TemplateException {
        Template t = Template.parse("{{ .app }}!");
        StringBuilder sb = new StringBuilder();
        t.execute(CTX, sb);
        sb.setLength(0);
        t.execute(CTX, sb);
        assertThat(sb).hasToString("foo!");
    }
}
