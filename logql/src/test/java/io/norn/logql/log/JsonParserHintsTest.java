package io.norn.logql.log;

import io.norn.model.Labels;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class JsonParserHintsTest {
    private static StreamPipeline pipeline(Set<String> only) {
        return Pipeline.of(List.of(Parsers.json(only))).forStream(Labels.of("app", "gateway"));
    }

    private static Labels run(StreamPipeline p, String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        assertThat(p.process(1, b, 0, b.length, Labels.EMPTY)).isTrue();
        return p.labels();
    }

    @Test
    void keepsOnlyTheHintedLabels() {
        Labels l = run(pipeline(Set.of("status", "http_method")),
                "{\"status\":500,\"msg\":\"x\",\"http\":{\"method\":\"GET\",\"path\":\"/a\"},\"latency_ms\":12.5}");
        assertThat(l).isEqualTo(Labels.of("app", "gateway", "status", "500", "http_method", "GET"));
    }

    @Test
    void stillReportsInvalidJson() {
        Labels l = run(pipeline(Set.of("status")), "{\"status\":500,\"msg\":\"cut");
        assertThat(l.get(LabelsBuilder.ERROR_LABEL)).isEqualTo("JSONParserErr");
        assertThat(l.get("status")).isEqualTo("500");
    }
}
