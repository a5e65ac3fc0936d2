package io.norn.logql.engine;

import io.norn.logql.log.Pipeline;
import io.norn.logql.log.StreamPipeline;
import io.norn.logql.syntax.LogQL;
import io.norn.logql.syntax.LogSelectorExpr;
import io.norn.logql.syntax.ParseException;
import io.norn.model.Labels;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineCompilerPushdownTest {
    private static LogSelectorExpr parse(String query) throws ParseException {
        return LogQL.parseLogSelector(query);
    }

    private static boolean passes(Pipeline p, String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        StreamPipeline s = p.forStream(Labels.of("a", "b"));
        return s.process(1, b, 0, b.length, Labels.EMPTY);
    }

    @Test
    void leadingLineFiltersAreLeftToStorage() throws ParseException {
        LogSelectorExpr e = parse("{a=\"b\"} |= \"error\" | logfmt != \"debug\" | level=\"warn\"");
        Pipeline behind = PipelineCompiler.compileBehindPushdown(e.stages());
        // the two line filters (the second moved before the parser) are the storage predicate's
        assertThat(behind.stages()).hasSize(2);
        assertThat(passes(behind, "level=warn no e-word here")).isTrue();
        assertThat(passes(PipelineCompiler.compile(e.stages()), "level=warn no e-word here")).isFalse();
        assertThat(PipelineCompiler.linePredicate(e.stages()).test("level=warn no e-word".getBytes(StandardCharsets.UTF_8), 0, 20)).isFalse();
    }

    @Test
    void filtersAfterALineChangeStayInThePipeline() throws ParseException {
        LogSelectorExpr e = parse("{a=\"b\"} |= \"x\" | line_format \"{{.a}}\" |= \"b\"");
        Pipeline behind = PipelineCompiler.compileBehindPushdown(e.stages());
        assertThat(behind.stages()).hasSize(2);
        assertThat(passes(behind, "anything")).isTrue();
        assertThat(PipelineCompiler.compileBehindPushdown(parse("{a=\"b\"} |= \"x\"").stages()).isNoop()).isTrue();
    }
}
