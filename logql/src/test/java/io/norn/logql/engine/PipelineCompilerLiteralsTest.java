package io.norn.logql.engine;

import io.norn.logql.syntax.LogQL;
import io.norn.logql.syntax.LogSelectorExpr;
import io.norn.logql.syntax.ParseException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineCompilerLiteralsTest {
    private static List<String> literals(String query) throws ParseException {
        LogSelectorExpr sel = LogQL.parseLogSelector(query);
        return PipelineCompiler.linePredicate(sel.stages()).requiredLiterals().stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    private static List<String> literalsIgnoringCase(String query) throws ParseException {
        LogSelectorExpr sel = LogQL.parseLogSelector(query);
        return PipelineCompiler.linePredicate(sel.stages()).requiredLiteralsIgnoringCase().stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void caseInsensitiveRegexesRequireTheirLiteralsUpToCase() throws ParseException {
        assertThat(literalsIgnoringCase("{a=\"b\"} |~ \"(?i)Exception.*TIME(d)? ?out\"")).containsExactly("exception", "time", "out");
        assertThat(literals("{a=\"b\"} |~ \"(?i)exception\"")).isEmpty();
        // k and s also match the Kelvin sign and the long s under (?i): no byte-level shortcut for them
        assertThat(literalsIgnoringCase("{a=\"b\"} |~ \"(?i)disk.*full\"")).containsExactly("full");
        assertThat(literalsIgnoringCase("{a=\"b\"} |= \"error\"")).isEmpty();
    }

    @Test
    void positiveSingleValueFiltersRequireTheirLiterals() throws ParseException {
        assertThat(literals("{a=\"b\"} |= \"error\" |= `time out`")).containsExactly("error", "time out");
        assertThat(literals("{a=\"b\"} |~ \"exception.*timed out\"")).containsExactly("exception", "timed out");
        // line filters after a parser are moved before it, so they are pushed down too
        assertThat(literals("{a=\"b\"} | json |= \"error\"")).containsExactly("error");
    }

    @Test
    void filtersThatDoNotRequireALiteralAddNone() throws ParseException {
        assertThat(literals("{a=\"b\"} != \"error\"")).isEmpty();
        assertThat(literals("{a=\"b\"} |= \"error\" or \"warn\"")).isEmpty();
        assertThat(literals("{a=\"b\"} |~ \"error|warn\"")).isEmpty();
        assertThat(literals("{a=\"b\"} |= ip(\"10.0.0.1\")")).isEmpty();
        assertThat(literals("{a=\"b\"} |> \"<_> error <_>\"")).isEmpty();
        // after line_format the line is another one: the filter stays in the pipeline
        assertThat(literals("{a=\"b\"} | line_format \"x\" |= \"error\"")).isEmpty();
    }
}
