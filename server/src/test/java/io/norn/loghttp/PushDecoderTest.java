package io.norn.loghttp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PushDecoderTest {
    private static List<String> lines(String json) throws BadRequestException {
        List<PushStream> streams = PushDecoder.decodeJson(json.getBytes(StandardCharsets.UTF_8));
        return streams.stream().flatMap(s -> java.util.Arrays.stream(s.lines())).map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void linesWithAndWithoutEscapesDecodeExactly() throws Exception {
        assertThat(lines("{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"plain café 東京\"],"
                + "[\"2\",\"quote \\\" tab \\t nl \\n uni \\u00e9 esc \\u001b[31m\"],[\"3\",\"\"],[\"4\",\"end\\\\\"]]}]}"))
                .containsExactly("plain café 東京", "quote \" tab \t nl \n uni é esc \u001b[31m", "", "end\\");
    }

    @Test
    void structuredMetadataAndLabels() throws Exception {
        List<PushStream> s = PushDecoder.decodeJson(("{\"streams\":[{\"stream\":{\"job\":\"x\",\"empty\":\"\"},"
                + "\"values\":[[\"5\",\"l\",{\"trace_id\":\"abc\"}]]}]}").getBytes(StandardCharsets.UTF_8));
        assertThat(s.getFirst().labels().toString()).isEqualTo("{job=\"x\"}");
        assertThat(s.getFirst().structuredMetadata()[0].get("trace_id")).isEqualTo("abc");
        assertThat(s.getFirst().ts()[0]).isEqualTo(5);
    }
}
