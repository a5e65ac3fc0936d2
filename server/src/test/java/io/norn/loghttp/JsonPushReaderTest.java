package io.norn.loghttp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-pass reader against the general decoder: on every body it accepts, both give the same streams; on every
 * body the general decoder rejects, it steps aside.
 */
class JsonPushReaderTest {
    private static final String[] PIECES = {
            "a", "plain text ", "GET /index.html 200", "é", "東京", "😀", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\r", "\\b",
            "\\f", "\\u00e9", "\\u001b[31m", "\\ud83d\\ude00", "\\ud800", "\\udc00x", "\\ud800\\u0041", "\\uD83D\\uDE00",
            "{\\\"level\\\":\\\"error\\\",\\\"status\\\":503}", "\u007f", "12345678", " "};
    private static final String[] SPACE = {"", "", "", " ", "\n", "\t ", "\r\n  "};

    @Test
    void acceptsTheUsualShapeAndDecodesItAsTheGeneralDecoderDoes() throws Exception {
        Random r = new Random(42);
        for (int round = 0; round < 3000; round++) {
            byte[] body = randomBody(r).getBytes(StandardCharsets.UTF_8);
            List<PushStream> fast = JsonPushReader.read(body, body.length);
            assertThat(fast).as(new String(body, StandardCharsets.UTF_8)).isNotNull();
            assertSame(fast, PushDecoder.decodeAnyJson(body, body.length), body);
        }
    }

    @Test
    void anArenaOfTheBodysSizeHoldsEveryUnescapedLine() throws Exception {
        Random r = new Random(11);
        for (int round = 0; round < 1000; round++) {
            byte[] body = randomBody(r).getBytes(StandardCharsets.UTF_8);
            byte[] arena = new byte[JsonPushReader.arenaBytes(body.length)];
            List<PushStream> fast = JsonPushReader.read(body, body.length, arena, new EntryColumns(1));
            assertThat(fast).isNotNull();
            assertSame(fast, PushDecoder.decodeAnyJson(body, body.length), body);
            for (PushStream s : fast) {
                for (int i = s.from(); i < s.to(); i++) {
                    assertThat(s.lineBuffers()[i] == body || s.lineBuffers()[i] == arena).as("line outside body and arena").isTrue();
                }
            }
        }
    }

    @Test
    void aLabelSetReadBeforeIsReusedOnlyWhenItsTextIsTheSame() throws Exception {
        String labels = "{\"app\":\"a}\\\"b\",\"empty\":\"\"}";
        byte[] body = ("{\"streams\":[{\"stream\":" + labels + ",\"values\":[[\"1\",\"x\"]]},"
                + "{\"values\":[[\"2\",\"y\"]],\"stream\":" + labels + "}]}").getBytes(StandardCharsets.UTF_8);
        List<PushStream> first = JsonPushReader.read(body, body.length);
        assertSame(first, PushDecoder.decodeAnyJson(body, body.length), body);
        assertThat(first.get(0).labels()).isEqualTo(io.norn.model.Labels.of("app", "a}\"b"));
        assertThat(first.get(1).labels()).isSameAs(first.get(0).labels());
        assertThat(JsonPushReader.read(body, body.length).getFirst().labels()).isSameAs(first.get(0).labels());
        // a longer set that starts like a cached one, and one with an invalid name (never cached), are read as they are
        String other = new String(body, StandardCharsets.UTF_8).replace("\"empty\":\"\"}", "\"empty\":\"\",\"z\":\"1\"}");
        byte[] longer = other.getBytes(StandardCharsets.UTF_8);
        assertThat(JsonPushReader.read(longer, longer.length).getFirst().labels().get("z")).isEqualTo("1");
        byte[] invalid = "{\"streams\":[{\"stream\":{\"1a\":\"b\"},\"values\":[]}]}".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 2; i++) assertThat(JsonPushReader.read(invalid, invalid.length)).isNull();
    }

    @Test
    void onDamagedBodiesEitherAgreesOrStepsAside() {
        Random r = new Random(7);
        byte[] junk = {'"', '\\', ',', ':', '[', ']', '{', '}', 'n', '0', 0, 0x1f, (byte) 0x80, (byte) 0xC3, (byte) 0xFF, ' '};
        for (int round = 0; round < 6000; round++) {
            byte[] body = randomBody(r).getBytes(StandardCharsets.UTF_8);
            int len = body.length;
            switch (r.nextInt(3)) {
                case 0 -> len = r.nextInt(body.length);
                case 1 -> body[r.nextInt(body.length)] = junk[r.nextInt(junk.length)];
                default -> {
                    body[r.nextInt(body.length)] = junk[r.nextInt(junk.length)];
                    body[r.nextInt(body.length)] = junk[r.nextInt(junk.length)];
                }
            }
            List<PushStream> fast = JsonPushReader.read(body, len);
            List<PushStream> general;
            try {
                general = PushDecoder.decodeAnyJson(body, len);
            } catch (BadRequestException e) {
                assertThat(fast).as(new String(body, 0, len, StandardCharsets.ISO_8859_1)).isNull();
                continue;
            }
            if (fast != null) assertSame(fast, general, body);
        }
    }

    @Test
    void leavesUnusualButValidBodiesToTheGeneralDecoder() {
        for (String body : List.of(
                "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"x\"]]}],\"extra\":1}",
                "{\"streams\":null}",
                "{\"streams\":[null]}",
                "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"+1\",\"x\"]]}]}",
                "{\"str\\u0065ams\":[]}")) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            assertThat(JsonPushReader.read(b, b.length)).as(body).isNull();
        }
        byte[] invalidUtf8 = "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"bad ?\"]]}]}".getBytes(StandardCharsets.UTF_8);
        invalidUtf8[invalidUtf8.length - 7] = (byte) 0xFF;
        assertThat(JsonPushReader.read(invalidUtf8, invalidUtf8.length)).isNull();
    }

    @Test
    void longLinesWithEscapesOutgrowTheArena() throws Exception {
        StringBuilder line = new StringBuilder();
        while (line.length() < 300_000) line.append("x\\\"y\\u00e9 ").append("z".repeat(line.length() % 97));
        String body = "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"short\\n\"],[\"2\",\"" + line + "\"],[\"3\",\"" + line
                + "\"]]}]}";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        List<PushStream> fast = JsonPushReader.read(b, b.length);
        assertThat(fast).isNotNull();
        assertSame(fast, PushDecoder.decodeAnyJson(b, b.length), b);
        assertThat(new String(fast.getFirst().line(0), StandardCharsets.UTF_8)).isEqualTo("short\n");
    }

    @Test
    void loneSurrogatesBecomeTheReplacementCharacterOnBothPaths() throws Exception {
        byte[] b = "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"x\\ud800y\\udc00\\ud800\\u0041\"]]}]}"
                .getBytes(StandardCharsets.UTF_8);
        for (List<PushStream> s : List.of(JsonPushReader.read(b, b.length), PushDecoder.decodeAnyJson(b, b.length))) {
            assertThat(new String(s.getFirst().line(0), StandardCharsets.UTF_8)).isEqualTo("x\uFFFDy\uFFFD\uFFFDA");
        }
    }

    private static void assertSame(List<PushStream> fast, List<PushStream> general, byte[] body) {
        String what = new String(body, StandardCharsets.UTF_8);
        assertThat(fast).as(what).hasSameSizeAs(general);
        for (int s = 0; s < fast.size(); s++) {
            PushStream a = fast.get(s);
            PushStream b = general.get(s);
            assertThat(a.labels()).as(what).isEqualTo(b.labels());
            assertThat(a.size()).as(what).isEqualTo(b.size());
            for (int i = 0; i < a.size(); i++) {
                assertThat(a.ts(i)).as(what).isEqualTo(b.ts(i));
                assertThat(a.structuredMetadata(i)).as(what).isEqualTo(b.structuredMetadata(i));
                assertThat(a.line(i)).as(what).isEqualTo(b.line(i));
            }
        }
    }

    private static String randomBody(Random r) {
        StringBuilder sb = new StringBuilder();
        sb.append(sp(r)).append('{').append(sp(r)).append("\"streams\"").append(sp(r)).append(':').append(sp(r)).append('[');
        int streams = r.nextInt(4);
        for (int s = 0; s < streams; s++) {
            if (s > 0) sb.append(',');
            sb.append(sp(r)).append('{').append(sp(r));
            List<String> fields = new ArrayList<>();
            fields.add("\"stream\"" + sp(r) + ":" + sp(r) + map(r, 1 + r.nextInt(3), true));
            if (r.nextInt(8) != 0) fields.add("\"values\"" + sp(r) + ":" + sp(r) + values(r));
            if (r.nextBoolean()) java.util.Collections.reverse(fields);
            sb.append(String.join(sp(r) + "," + sp(r), fields)).append(sp(r)).append('}').append(sp(r));
        }
        return sb.append(']').append(sp(r)).append('}').append(sp(r)).toString();
    }

    private static String values(Random r) {
        StringBuilder sb = new StringBuilder("[");
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(',').append(sp(r));
            long ts = switch (r.nextInt(4)) {
                case 0 -> r.nextInt(1000);
                case 1 -> Long.MAX_VALUE;
                default -> 1_700_000_000_000_000_000L + r.nextInt(1 << 30);
            };
            String tsText = r.nextInt(10) == 0 ? "000" + ts : Long.toString(ts);
            sb.append('[').append(sp(r)).append('"').append(tsText).append('"').append(sp(r)).append(',').append(sp(r))
                    .append('"').append(text(r, r.nextInt(40))).append('"').append(sp(r));
            switch (r.nextInt(4)) {
                case 0 -> sb.append(',').append(sp(r)).append(map(r, r.nextInt(3), false)).append(sp(r));
                case 1 -> sb.append(',').append(sp(r)).append("null").append(sp(r));
                default -> { }
            }
            sb.append(']');
        }
        return sb.append(']').toString();
    }

    private static String map(Random r, int entries, boolean labels) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < entries; i++) {
            if (i > 0) sb.append(',');
            String name = labels ? "l" + r.nextInt(4) : r.nextBoolean() ? "trace_id" : "k\\u00e9" + r.nextInt(3);
            String value = r.nextInt(6) == 0 ? "" : text(r, 1 + r.nextInt(3));
            sb.append(sp(r)).append('"').append(name).append('"').append(sp(r)).append(':').append(sp(r)).append('"').append(value)
                    .append('"').append(sp(r));
        }
        return sb.append('}').toString();
    }

    private static String text(Random r, int pieces) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pieces; i++) sb.append(PIECES[r.nextInt(PIECES.length)]);
        return sb.toString();
    }

    private static String sp(Random r) {
        return SPACE[r.nextInt(SPACE.length)];
    }
}
