package io.norn.bench;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks that the benchmarked pipelines compute what they claim, on a few known lines. */
class PipelineBenchmarkTest {
    private static final List<String> RAW = List.of("a QX7NEEDLE here", "nothing", "another line", "x", "y", "z");

    @Test
    void literalFilterKeepsNeedleLines() throws Exception {
        assertThat(PipelineBenchmark.runOver(PipelineBenchmark.compile("|= \"QX7NEEDLE\""), BenchData.raw(RAW))).isEqualTo(1);
    }

    @Test
    void jsonLevelFilterKeepsErrorLines() throws Exception {
        // levels cycle info, info, info, warn, error, debug
        assertThat(PipelineBenchmark.runOver(PipelineBenchmark.compile("| json | level=\"error\""), BenchData.json(RAW))).isEqualTo(1);
    }

    @Test
    void logfmtDurationFilter() throws Exception {
        // durations are 0..5 ms for these six lines: none above 10ms, all above 2ms but the first three
        assertThat(PipelineBenchmark.runOver(PipelineBenchmark.compile("| logfmt | duration > 10ms"), BenchData.logfmt(RAW))).isZero();
        assertThat(PipelineBenchmark.runOver(PipelineBenchmark.compile("| logfmt | duration > 2ms"), BenchData.logfmt(RAW))).isEqualTo(3);
    }

    @Test
    void lineFormatRendersLevelAndMessage() throws Exception {
        var p = PipelineBenchmark.compile("| json | line_format \"{{.level}} {{.msg}}\"");
        byte[] line = BenchData.json(RAW)[0];
        assertThat(p.process(1, line, 0, line.length, io.norn.model.Labels.EMPTY)).isTrue();
        assertThat(new String(p.lineBuffer(), p.lineOffset(), p.lineLength(), StandardCharsets.UTF_8)).isEqualTo("info a QX7NEEDLE here");
    }
}
