package io.norn.logql.log;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequiredLiteralsTest {
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "(?i)exception.*time(d)? ?out;exception,time,out;true",
            "Failed password for (invalid user )?root;Failed password for ,root;false",
            "child=\\d{5}=x;child=;false",
            "error: .+ timed out;error: , timed out;false",
            "abcd?ef;abc;false",
            "abcd+ef;abcd;false",
            "a|b;;false",
            "x(?i)abc;;false",
            "[a-z]+foo\\.bar;foo.bar;false",
    })
    void findsLiteralsEveryMatchContains(String re, String literals, boolean ignoreCase) {
        RequiredLiterals.Result r = RequiredLiterals.of(re);
        List<String> expected = literals == null ? List.of() : List.of(literals.split(","));
        assertThat(r.literals()).containsExactlyElementsOf(expected);
        if (!expected.isEmpty()) assertThat(r.ignoreCase()).isEqualTo(ignoreCase);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "(?i)exception.*time(d)? ?out;java.lang.Exception: read TIMED OUT;true",
            "(?i)exception.*time(d)? ?out;Exception after timeout;true",
            "(?i)exception.*time(d)? ?out;exception only;false",
            "Failed password for (invalid user )?root;Failed password for invalid user root from;true",
            "Failed password for (invalid user )?root;Failed password for admin;false",
    })
    void prefilteredRegexGivesTheSameAnswerAsRe2(String re, String line, boolean expected) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        assertThat(LineFilters.regex(re).matches(b, 0, b.length)).isEqualTo(expected);
        assertThat(com.google.re2j.Pattern.compile(re).matcher(line).find()).isEqualTo(expected);
    }
}
