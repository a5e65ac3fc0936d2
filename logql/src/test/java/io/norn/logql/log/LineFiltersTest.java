package io.norn.logql.log;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineFiltersTest {
    private static boolean test(LineFilter f, String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        // embed in a larger buffer so offsets are exercised
        byte[] padded = new byte[b.length + 7];
        java.util.Arrays.fill(padded, (byte) 'x');
        System.arraycopy(b, 0, padded, 3, b.length);
        boolean a = f.matches(b, 0, b.length);
        assertThat(f.matches(padded, 3, b.length)).as("offset form of %s", line).isEqualTo(a);
        return a;
    }

    @Test
    void containsFindsLiteralAnywhere() {
        LineFilter f = LineFilters.contains("error");
        assertThat(test(f, "error")).isTrue();
        assertThat(test(f, "an error occurred in the module")).isTrue();
        assertThat(test(f, "a long line without the word at the very end: erro")).isFalse();
        assertThat(test(f, "Error")).isFalse();
        assertThat(test(f, "")).isFalse();
        assertThat(test(f, "errorerrorerror")).isTrue();
        assertThat(test(f, "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeerror")).isTrue();
        assertThat(test(LineFilters.contains("x"), "aaaaaaaaaaaaaaaaaaaaaaaaaaaax")).isTrue();
        assertThat(test(LineFilters.contains("東京"), "city=東京 ok")).isTrue();
        assertThat(test(LineFilters.contains("ab"), "aaaaaaaaaaaaaaaaaaaaaaaaaaaab")).isTrue();
    }

    @Test
    void containsAgreesWithStringIndexOfOnRandomInput() {
        Random r = new Random(42);
        for (int round = 0; round < 20000; round++) {
            // long lines with a larger alphabet reach the vector search with matches anywhere, or none
            int len = r.nextInt(round % 2 == 0 ? 60 : 700);
            int letters = round % 4 == 1 ? 12 : 3;
            byte[] line = new byte[len];
            for (int i = 0; i < len; i++) line[i] = (byte) ('a' + r.nextInt(letters));
            int nlen = 1 + r.nextInt(5);
            byte[] needle = new byte[nlen];
            for (int i = 0; i < nlen; i++) needle[i] = (byte) ('a' + r.nextInt(3));
            String ls = new String(line, StandardCharsets.ISO_8859_1);
            String ns = new String(needle, StandardCharsets.ISO_8859_1);
            assertThat(ByteSearch.indexOf(line, 0, len, needle)).as("%s in %s", ns, ls).isEqualTo(ls.indexOf(ns));
            String upper = ls.toUpperCase();
            assertThat(ByteSearch.indexOfIgnoreCase(upper.getBytes(StandardCharsets.ISO_8859_1), 0, len, needle))
                    .isEqualTo(ls.indexOf(ns));
        }
    }

    @Test
    void caseInsensitiveMatchingFoldsKAndSLikeRe2() {
        byte[] kelvin = "status: o\u212A".getBytes(StandardCharsets.UTF_8);
        byte[] longS = "\u017Ftatus".getBytes(StandardCharsets.UTF_8);
        assertThat(LineFilters.regex("(?i)ok").matches(kelvin, 0, kelvin.length)).isTrue();
        assertThat(LineFilters.containsIgnoreCase("OK").matches(kelvin, 0, kelvin.length)).isTrue();
        assertThat(LineFilters.regex("(?i)status").matches(longS, 0, longS.length)).isTrue();
        assertThat(LineFilters.regex("(?i)stat.*").matches(longS, 0, longS.length)).isTrue();
    }

    @Test
    void emptyLiteralKeepsEverythingAndNegationRemovesEverything() {
        assertThat(test(LineFilters.contains(""), "")).isTrue();
        assertThat(test(LineFilters.contains(""), "abc")).isTrue();
        assertThat(test(LineFilters.notContains(""), "abc")).isFalse();
        assertThat(test(LineFilters.notContains(""), "")).isFalse();
    }

    @Test
    void notContains() {
        LineFilter f = LineFilters.notContains("PacketResponder 2");
        assertThat(test(f, "PacketResponder 1 terminating")).isTrue();
        assertThat(test(f, "PacketResponder 2 terminating")).isFalse();
    }

    @Test
    void regexSearchesUnanchored() {
        LineFilter f = LineFilters.regex("Failed password for (invalid user )?root");
        assertThat(f).isNotInstanceOf(LineFilters.ALL.getClass());
        assertThat(test(f, "Dec 10 sshd[1]: Failed password for invalid user root from 1.2.3.4")).isTrue();
        assertThat(test(f, "Dec 10 sshd[1]: Failed password for admin")).isFalse();
        assertThat(test(LineFilters.regex("^Jun 1[45]"), "Jun 14 15:16:01 combo")).isTrue();
        assertThat(test(LineFilters.regex("^Jun 1[45]"), "x Jun 14 15:16:01 combo")).isFalse();
        assertThat(test(LineFilters.regex(" $"), "trailing blank ")).isTrue();
        assertThat(test(LineFilters.regex(" $"), "trailing blank")).isFalse();
        assertThat(test(LineFilters.regex("SparkException.*\\n.*Executor"), "a SparkException x\n\tat Executor")).isTrue();
        assertThat(test(LineFilters.regex("a.b"), "a\nb")).isFalse();
        assertThat(test(LineFilters.regex(""), "anything")).isTrue();
        assertThat(test(LineFilters.notRegex(""), "anything")).isFalse();
        assertThat(test(LineFilters.notRegex("Failed|Invalid"), "Accepted password")).isTrue();
        assertThat(test(LineFilters.notRegex("Failed|Invalid"), "Invalid user")).isFalse();
    }

    @Test
    void literalRegexesBecomeByteSearches() {
        assertThat(RegexLiterals.simplify("error")).isNotNull();
        assertThat(RegexLiterals.simplify("WARN|ERROR")).isNotNull();
        assertThat(RegexLiterals.simplify("(?i)connection ERROR")).isNotNull();
        // under (?i) RE2 also matches the Kelvin sign for k and the long s for s: those stay regexes
        assertThat(RegexLiterals.simplify("(?i)finished TASK")).isNull();
        assertThat(RegexLiterals.simplify("\\[preauth\\]")).isNotNull();
        assertThat(RegexLiterals.simplify("a|")).isNull();
        assertThat(RegexLiterals.simplify("a.b")).isNull();
        assertThat(RegexLiterals.simplify("\\d")).isNull();
        assertThat(RegexLiterals.simplify("(?i)Zürich")).isNull();
        LineFilter ci = LineFilters.regex("(?i)finished TASK");
        assertThat(test(ci, "INFO Executor: Finished task 1.0 in stage 2")).isTrue();
        assertThat(test(ci, "INFO Executor: Finished tusk 1.0")).isFalse();
        LineFilter alt = LineFilters.regex("WARN|ERROR");
        assertThat(test(alt, "2015 - ERROR [x]")).isTrue();
        assertThat(test(alt, "2015 - WARN [x]")).isTrue();
        assertThat(test(alt, "2015 - INFO [x]")).isFalse();
        assertThat(test(LineFilters.regex("\\[preauth\\]"), "closed [preauth]")).isTrue();
        assertThat(test(LineFilters.regex("(?i)zürich"), "city ZÜRICH")).isTrue();
    }

    @Test
    void invalidRegexIsRejected() {
        assertThatThrownBy(() -> LineFilters.regex("(")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing closing )");
    }

    @Test
    void invalidUtf8NeverThrows() {
        byte[] bad = {'a', (byte) 0xff, (byte) 0xc3, 'e', 'r', 'r', (byte) 0x80, 'o', 'r'};
        // RE2J decodes invalid bytes itself; only require that matching completes
        LineFilters.regex("err.?or").matches(bad, 0, bad.length);
        assertThat(LineFilters.regex("a\\w").matches(bad, 0, 4)).isFalse();
        assertThat(LineFilters.contains("err").matches(bad, 0, bad.length)).isTrue();
        assertThat(LineFilters.containsIgnoreCase("ERR").matches(bad, 0, bad.length)).isTrue();
        assertThat(LineFilters.ip("10.0.0.0/8").matches(bad, 0, bad.length)).isFalse();
        assertThat(LineFilters.pattern("<_>err<_>").matches(bad, 0, bad.length)).isTrue();
    }

    @Test
    void orAndCombinators() {
        LineFilter or = LineFilters.or(LineFilters.contains("a"), LineFilters.contains("b"));
        assertThat(test(or, "xxa")).isTrue();
        assertThat(test(or, "xxb")).isTrue();
        assertThat(test(or, "xxc")).isFalse();
        LineFilter three = LineFilters.or(LineFilters.contains("a"), LineFilters.contains("b"), LineFilters.contains("c"));
        assertThat(test(three, "c")).isTrue();
        LineFilter and = LineFilters.and(LineFilters.contains("blk_"), LineFilters.contains("terminating"),
                LineFilters.notContains("PacketResponder 2"));
        assertThat(test(and, "PacketResponder 1 for block blk_1 terminating")).isTrue();
        assertThat(test(and, "PacketResponder 2 for block blk_1 terminating")).isFalse();
        assertThat(test(and, "PacketResponder 1 for block blk_1")).isFalse();
        assertThat(LineFilters.and()).isSameAs(LineFilters.ALL);
        assertThat(LineFilters.or(LineFilters.contains(""), LineFilters.contains("x"))).isSameAs(LineFilters.ALL);
    }

    @Test
    void ipLineFilter() {
        LineFilter cidr = LineFilters.ip("10.0.0.0/14");
        assertThat(test(cidr, "10.3.1.2 - - [x] GET /")).isTrue();
        assertThat(test(cidr, "10.4.1.2 - - [x] GET /")).isFalse();
        assertThat(test(cidr, "from 10.1.1.1")).isTrue();
        assertThat(test(cidr, "version 10.1.1.1.1 only")).isFalse();
        assertThat(test(cidr, "010.1.1.1")).isFalse();
        assertThat(test(cidr, "x=10.1.1.256")).isFalse();
        assertThat(test(cidr, "a 10.1.1")).isFalse();
        LineFilter range = LineFilters.ip("10.10.34.11-10.10.34.12");
        assertThat(test(range, "/10.10.34.12:3888")).isTrue();
        assertThat(test(range, "/10.10.34.13:3888")).isFalse();
        LineFilter single = LineFilters.ip("192.168.0.1");
        assertThat(test(single, "host 192.168.0.1 ok")).isTrue();
        assertThat(test(single, "host 192.168.0.10 ok")).isFalse();
        LineFilter v6 = LineFilters.ip("2001:db8::/32");
        assertThat(test(v6, "2001:db8::1 - - [x]")).isTrue();
        assertThat(test(v6, "client 2001:0db8:85a3:0000:0000:8a2e:0370:7334 x")).isTrue();
        assertThat(test(v6, "client 2001:db9::1 x")).isFalse();
        assertThat(test(v6, "10.1.1.1 x")).isFalse();
        assertThat(test(LineFilters.ip("::1"), "from ::1 port")).isTrue();
        assertThat(test(LineFilters.notIp("10.0.0.0/8"), "10.1.1.1 x")).isFalse();
        assertThat(test(LineFilters.notIp("10.0.0.0/8"), "11.1.1.1 x")).isTrue();
        assertThat(test(LineFilters.ip("10.0.0.0/8"), "12:30:45 10.0.0.5")).isTrue();
    }

    @Test
    void invalidIpPatternIsRejected() {
        assertThatThrownBy(() -> LineFilters.ip("10.0.0.300")).hasMessage("ip: invalid pattern: \"10.0.0.300\"");
        assertThatThrownBy(() -> LineFilters.ip("10.0.0.5-10.0.0.1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LineFilters.ip("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LineFilters.ip("10.0.0.0/08")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void patternLineFilter() {
        LineFilter f = LineFilters.pattern("<_> bar");
        assertThat(test(f, "foo bar")).isTrue();
        assertThat(test(f, "foo bar baz")).isFalse();
        assertThat(test(LineFilters.pattern("<_> baz"), "foo bar baz")).isTrue();
        assertThat(test(LineFilters.pattern("foo <_>"), "foo bar baz")).isTrue();
        assertThat(test(LineFilters.pattern("<_> bar <_>"), " bar ")).isFalse();
        assertThat(test(LineFilters.pattern("<_>bar<_>"), " bar ")).isTrue();
        assertThat(test(LineFilters.notPattern("<_> bar"), "foo bar")).isFalse();
        assertThat(test(LineFilters.pattern(""), "")).isTrue();
        assertThat(test(LineFilters.pattern(""), "x")).isFalse();
        assertThatThrownBy(() -> LineFilters.pattern("<a><b>")).hasMessageContaining("consecutive capture");
    }
}
