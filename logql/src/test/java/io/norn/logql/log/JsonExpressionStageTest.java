package io.norn.logql.log;

import io.norn.model.Labels;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonExpressionStageTest {
    private static final Labels STREAM = Labels.of("job", "app", "host", "alpha");

    private static Labels run(String line, Parsers.Extraction... extractions) {
        StreamPipeline p = Pipeline.of(List.of(Parsers.json(List.of(extractions)))).forStream(STREAM);
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        assertThat(p.process(1, b, 0, b.length, Labels.EMPTY)).isTrue();
        return p.labels();
    }

    private static boolean valid(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[b.length + 6];
        System.arraycopy(b, 0, padded, 3, b.length);
        boolean v = JsonValidity.valid(b, 0, b.length);
        // the input ends where the range ends, not where the buffer does
        padded[b.length + 3] = '}';
        assertThat(JsonValidity.valid(padded, 3, b.length + 3)).as("offset form of %s", s).isEqualTo(v);
        return v;
    }

    @Test
    void truncatedLineGetsAnErrorAndNoLabelsEvenWhenTheFieldComesBeforeTheCut() {
        Labels l = run("{\"level\":\"warn\",\"msg\":\"Failed password\",\"size\":\"1.",
                new Parsers.Extraction("level", "level"), new Parsers.Extraction("user", "user"));
        assertThat(l).isEqualTo(Labels.of("job", "app", "host", "alpha", "__error__", "JSONParserErr"));
    }

    @Test
    void validLineExtractsFieldsAndMissingOnesBecomeEmpty() {
        Labels l = run("{\"level\":\"warn\",\"ctx\":{\"tags\":[\"a\",\"b\"]},\"user\":null,\"n\":12}  trailing text",
                new Parsers.Extraction("level", "level"), new Parsers.Extraction("tag", "ctx.tags[1]"),
                new Parsers.Extraction("user", "user"), new Parsers.Extraction("n", "n"),
                new Parsers.Extraction("host", "nope"));
        assertThat(l).isEqualTo(Labels.of("job", "app", "host", "alpha", "level", "warn", "tag", "b", "user", "",
                "n", "12", "host_extracted", ""));
    }

    @Test
    void linesThatDoNotStartWithAJsonValueOrAreEmptyGetAnError() {
        assertThat(run("level=info msg=hi", new Parsers.Extraction("level", "level")).get("__error__"))
                .isEqualTo("JSONParserErr");
        assertThat(run("", new Parsers.Extraction("level", "level")).get("__error__")).isEqualTo("JSONParserErr");
    }

    @Test
    void validityFollowsTheStrictSkipOfTheFirstValue() {
        assertThat(valid("{}")).isTrue();
        assertThat(valid(" {\"a\" : [1, -2.5, 3e4, true, false, null, {\"b\":\"c\\\"\\u00e9\"}]}")).isTrue();
        assertThat(valid("{\"a\":1} not json after the value")).isTrue();
        assertThat(valid("[]")).isTrue();
        assertThat(valid("\"just a string\"")).isTrue();
        assertThat(valid("null")).isTrue();
        assertThat(valid("12 ")).isTrue();
        assertThat(valid("12")).as("a bare number reaching the end").isFalse();
        assertThat(valid("")).isFalse();
        assertThat(valid("   ")).isFalse();
        assertThat(valid("{\"a\":1")).isFalse();
        assertThat(valid("{\"a\":\"abc")).isFalse();
        assertThat(valid("{\"a\":1,}")).isFalse();
        assertThat(valid("{\"a\" 1}")).isFalse();
        assertThat(valid("{a:1}")).isFalse();
        assertThat(valid("[1,2")).isFalse();
        assertThat(valid("[1 2]")).isFalse();
        assertThat(valid("{\"a\":tru}")).isFalse();
        assertThat(valid("{\"a\":nul")).isFalse();
        assertThat(valid("{\"a\":\"\\x\"}")).isFalse();
        assertThat(valid("{\"a\":\"\\u12g4\"}")).isFalse();
        assertThat(valid("{\"a\":\"tab\there\"}")).as("raw control character").isFalse();
        assertThat(valid("{\"a\":1.2.3}")).isFalse();
        assertThat(valid("{\"a\":1.}")).isFalse();
        assertThat(valid("{\"a\":1e}")).isFalse();
        assertThat(valid("{\"a\":1e400}")).as("overflow").isFalse();
        assertThat(valid("{\"a\":-}")).isFalse();
        assertThat(valid("{\"a\":1x}")).isFalse();
        assertThat(valid("{\"a\":1}}")).as("only the first value counts").isTrue();
        assertThat(valid("{\"a\":1,null:2}")).as("a later member name may be null").isTrue();
    }

    @Test
    void deepNestingIsBoundedAndMixedContainersAreTracked() {
        String deep = "[".repeat(200) + "{\"a\":[1]}" + "]".repeat(200);
        assertThat(valid(deep)).isTrue();
        assertThat(valid("[".repeat(100) + "{\"a\":1]" + "]".repeat(99))).isFalse();
        String tooDeep = "[".repeat(JsonValidity.MAX_DEPTH + 1) + "]".repeat(JsonValidity.MAX_DEPTH + 1);
        assertThat(valid(tooDeep)).isFalse();
        String limit = "[".repeat(JsonValidity.MAX_DEPTH) + "]".repeat(JsonValidity.MAX_DEPTH);
        assertThat(valid(limit)).isTrue();
    }
}
