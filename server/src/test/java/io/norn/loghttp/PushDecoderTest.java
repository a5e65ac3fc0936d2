package io.norn.loghttp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PushDecoderTest {
    private static List<String> lines(String json) throws BadRequestException {
        List<PushStream> streams = PushDecoder.decodeJson(json.getBytes(StandardCharsets.UTF_8));
        return streams.stream().flatMap(s -> java.util.stream.IntStream.range(0, s.size()).mapToObj(s::line))
                .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
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
        assertThat(s.getFirst().structuredMetadata(0).get("trace_id")).isEqualTo("abc");
        assertThat(s.getFirst().ts(0)).isEqualTo(5);
    }

    @Test
    void timestampsAndLinesReadFromTheRawBytesMatchTheDecodedOnes() throws Exception {
        List<PushStream> s = PushDecoder.decodeJson(("{ \"streams\" : [ { \"values\" : [ [ \"007\" , \"a \\\"q\\\"\" ] ,"
                + "[\"1700000000000000000\",\"\\\\\"],[\"-5\",\"x\"],[\"9223372036854775807\",\"\\u00e9t\u00e9 \uD83D\uDE00\"]],"
                + "\"stream\":{\"a\":\"b\"}}]}").getBytes(StandardCharsets.UTF_8));
        assertThat(s.getFirst().timestamps()).containsExactly(7, 1_700_000_000_000_000_000L, -5, Long.MAX_VALUE);
        assertThat(java.util.stream.IntStream.range(0, s.getFirst().size()).mapToObj(i -> new String(s.getFirst().line(i), StandardCharsets.UTF_8)))
                .containsExactly("a \"q\"", "\\", "x", "\u00e9t\u00e9 \uD83D\uDE00");
    }

    @Test
    void invalidTimestampsAndRawControlCharactersAreStillRefused() {
        assertThatThrownBy(() -> lines("{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"12x\",\"l\"]]}]}"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("parsing \"12x\": invalid syntax");
        assertThatThrownBy(() -> lines("{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"tab\tinside\"]]}]}"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("invalid JSON push request")
                .hasMessageContaining("CTRL-CHAR").hasMessageEndingWith("at line 1, column 52");
        assertThatThrownBy(() -> lines("{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"x\"]]}"))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("invalid JSON push request: Unexpected end-of-input: expected close marker for Array "
                        + "(start marker at [line: 1, column: 12]) at line 1, column 54");
    }

    @Test
    void invalidUtf8InALineIsReplaced() throws Exception {
        byte[] body = "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"bad X end\"]]}]}".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < body.length; i++) if (body[i] == 'X') body[i] = (byte) 0xFF;
        List<PushStream> s = PushDecoder.decodeJson(body);
        assertThat(new String(s.getFirst().line(0), StandardCharsets.UTF_8)).isEqualTo("bad \uFFFD end");
    }

    @Test
    void escapesAndInvalidBytesAreFoundAtEveryPosition() throws Exception {
        for (int len = 0; len < 40; len++) {
            for (int at = 0; at <= len; at++) {
                String plain = "x".repeat(len);
                String escaped = plain.substring(0, at) + "\\\"" + plain.substring(at);
                String unicode = plain.substring(0, at) + "é" + plain.substring(at);
                assertThat(lines("{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"" + plain + "\"],[\"2\",\""
                        + escaped + "\"],[\"3\",\"" + unicode + "\"]]}]}"))
                        .containsExactly(plain, plain.substring(0, at) + "\"" + plain.substring(at), unicode);

                byte[] body = ("{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"" + plain.substring(0, at) + "X"
                        + plain.substring(at) + "\"]]}]}").getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < body.length; i++) if (body[i] == 'X') body[i] = (byte) 0xC3;
                List<PushStream> s = PushDecoder.decodeJson(body);
                assertThat(new String(s.getFirst().line(0), StandardCharsets.UTF_8))
                        .isEqualTo(plain.substring(0, at) + "\uFFFD" + plain.substring(at));
            }
        }
    }

    @Test
    void escapedLinesDecodeAsTheJsonParserDecodesThem() throws Exception {
        String[] pieces = {"a", "é", "東", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0000", "\\u001b", "\\u00e9",
                "\\u6771", "\\uD83D\\uDE00", "\\ud83d\\ude00", "\\uD83D", "\\uDE00", "\\uD83Dx", "\\uFFFF", "\\u007F", "\\u0800", " "};
        java.util.Random rnd = new java.util.Random(23);
        StringBuilder json = new StringBuilder("{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[");
        List<String> raw = new java.util.ArrayList<>();
        for (int k = 0; k < 3_000; k++) {
            StringBuilder line = new StringBuilder();
            int n = rnd.nextInt(k % 100 == 0 ? 30_000 : 40);
            for (int j = 0; j < n; j++) line.append(pieces[rnd.nextInt(pieces.length)]);
            raw.add(line.toString());
            json.append(k == 0 ? "" : ",").append("[\"").append(k).append("\",\"").append(line).append("\"]");
        }
        json.append("]}]}");
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        List<PushStream> s = PushDecoder.decodeJson(body);
        com.fasterxml.jackson.core.JsonFactory f = new com.fasterxml.jackson.core.JsonFactory();
        for (int k = 0; k < raw.size(); k++) {
            try (com.fasterxml.jackson.core.JsonParser p = f.createParser(("\"" + raw.get(k) + "\"").getBytes(StandardCharsets.UTF_8))) {
                p.nextToken();
                // a surrogate escaped alone is U+FFFD, as Go's decoder has it
                byte[] expected = p.getText().replaceAll("\\p{Cs}", "\uFFFD").getBytes(StandardCharsets.UTF_8);
                assertThat(s.getFirst().line(k)).as("line %d: %s", k, raw.get(k)).isEqualTo(expected);
            }
        }
    }

    @Test
    void aBodyInAPooledBufferIsDecodedUpToItsLength() throws Exception {
        String a = "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"first \\\"one\\\"\"]]}]}";
        String b = "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"2\",\"x\"]]}]}";
        byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
        try (PushDecoder.Body body = PushDecoder.readBodyPooled(new java.io.ByteArrayInputStream(bytes), bytes.length, "", 1 << 20, 1 << 20)) {
            assertThat(body.pooled()).isTrue();
            assertThat(new String(PushDecoder.decodeJson(body.buffer(), body.length()).getFirst().line(0), StandardCharsets.UTF_8))
                    .isEqualTo("first \"one\"");
        }
        // the next body reuses the buffer, longer than it: what lies beyond its length is not read
        bytes = b.getBytes(StandardCharsets.UTF_8);
        try (PushDecoder.Body body = PushDecoder.readBodyPooled(new java.io.ByteArrayInputStream(bytes), bytes.length, "", 1 << 20, 1 << 20)) {
            assertThat(body.buffer().length).isGreaterThan(body.length());
            List<PushStream> s = PushDecoder.decodeJson(body.buffer(), body.length());
            assertThat(s.getFirst().timestamps()).containsExactly(2);
            assertThat(new String(s.getFirst().line(0), StandardCharsets.UTF_8)).isEqualTo("x");
        }
        assertThatThrownBy(() -> PushDecoder.readBodyPooled(new java.io.ByteArrayInputStream(new byte[3]), 10, "", 1 << 20, 1 << 20))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("shorter than its Content-Length");
    }

    @Test
    void pooledJsonDecodingKeepsUnescapedLinesUntilClosed() throws Exception {
        byte[] usual = "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"\\\"q\\\"\\n\\u00e9\"],[\"2\",\"plain\"]]}]}"
                .getBytes(StandardCharsets.UTF_8);
        // an extra field takes the general decoder
        byte[] unusual = "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"x\\ty\"]],\"extra\":1}]}"
                .getBytes(StandardCharsets.UTF_8);
        try (PushDecoder.Decoded d = PushDecoder.decodeJsonPooled(usual, usual.length)) {
            assertThat(d.buffer().length).isGreaterThanOrEqualTo(usual.length);
            assertThat(new String(d.streams().getFirst().line(0), StandardCharsets.UTF_8)).isEqualTo("\"q\"\né");
            assertThat(new String(d.streams().getFirst().line(1), StandardCharsets.UTF_8)).isEqualTo("plain");
        }
        try (PushDecoder.Decoded d = PushDecoder.decodeJsonPooled(unusual, unusual.length)) {
            assertThat(new String(d.streams().getFirst().line(0), StandardCharsets.UTF_8)).isEqualTo("x\ty");
        }
        byte[] bad = "{\"streams\":[{\"stream\":{\"a\":\"b\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PushDecoder.decodeJsonPooled(bad, bad.length)).isInstanceOf(BadRequestException.class);
    }
}
