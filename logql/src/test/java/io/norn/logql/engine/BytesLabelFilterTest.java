package io.norn.logql.engine;

import io.norn.logql.log.Pipeline;
import io.norn.logql.log.StreamPipeline;
import io.norn.logql.log.Units;
import io.norn.logql.syntax.LogQL;
import io.norn.model.Labels;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BytesLabelFilterTest {
    private static boolean kept(String query, String line) throws Exception {
        Pipeline p = PipelineCompiler.compile(LogQL.parseLogSelector(query).stages());
        StreamPipeline sp = p.forStream(Labels.of("job", "app"));
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return sp.process(1, b, 0, b.length, Labels.EMPTY);
    }

    @Test
    void sizesArePrintedWithSiUnitsAndOneDecimalBelowTen() {
        assertThat(Units.formatBytesSi(0)).isEqualTo("0 B");
        assertThat(Units.formatBytesSi(9)).isEqualTo("9 B");
        assertThat(Units.formatBytesSi(999)).isEqualTo("999 B");
        assertThat(Units.formatBytesSi(1024)).isEqualTo("1.0 kB");
        assertThat(Units.formatBytesSi(2_097_152)).isEqualTo("2.1 MB");
        assertThat(Units.formatBytesSi(82_854_982)).isEqualTo("83 MB");
        assertThat(Units.formatBytesSi(999_999)).isEqualTo("1000 kB");
        assertThat(Units.formatBytesSi(20_500)).as("a tie rounds to even").isEqualTo("20 kB");
        assertThat(Units.formatBytesSi(3_000_000)).isEqualTo("3.0 MB");
    }

    @Test
    void aBytesLiteralIsComparedAfterLokisTextRoundTrip() {
        assertThat(PipelineCompiler.bytesAsLokiReadsThem(2_097_152)).isEqualTo(2_100_000);
        assertThat(PipelineCompiler.bytesAsLokiReadsThem(1024)).isEqualTo(1000);
        assertThat(PipelineCompiler.bytesAsLokiReadsThem(3_000_000)).isEqualTo(3_000_000);
        assertThat(PipelineCompiler.bytesAsLokiReadsThem(7)).isEqualTo(7);
        assertThat(PipelineCompiler.bytesAsLokiReadsThem(123_456_789)).as("123.5 MB, a tie printed to even").isEqualTo(124_000_000);
    }

    @Test
    void equalityWithMebibytesMatchesTheRoundedSiValueOnly() throws Exception {
        String q = "{job=\"app\"} | json | size == 2MiB";
        assertThat(kept(q, "{\"size\":\"2MiB\"}")).isFalse();
        assertThat(kept(q, "{\"size\":\"2.1MB\"}")).isTrue();
        assertThat(kept(q, "{\"size\":\"2100000\"}")).isTrue();
        assertThat(kept(q, "{\"size\":\"2MiB\"")).as("a line with a parser error passes").isTrue();
        assertThat(kept("{job=\"app\"} | json | size > 1KiB", "{\"size\":\"1010B\"}")).as("1KiB reads as 1.0kB").isTrue();
        assertThat(kept("{job=\"app\"} | json | size > 3MB", "{\"size\":\"3MB\"}")).isFalse();
    }
}
