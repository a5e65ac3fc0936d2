package io.norn.chunkenc;

import io.norn.encoding.CorruptionException;
import io.norn.logql.log.JsonColumns;
import io.norn.logql.log.LabelFilters;
import io.norn.logql.log.Parsers;
import io.norn.logql.log.Pipeline;
import io.norn.logql.log.Stage;
import io.norn.logql.log.StreamPipeline;
import io.norn.model.Labels;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The json column a sealed block keeps, and pipelines that read it instead of the lines. */
class JsonColumnsTest {
    private static final Labels STREAM = Labels.of("app", "gateway", "level", "info");
    private static final String LONG = "y".repeat(JsonColumns.MAX_VALUE_LENGTH + 1);
    private static final List<String> LINES = List.of(
            "{\"level\":\"warn\",\"method\":\"GET\",\"status\":500,\"latency_ms\":12.5,\"msg\":\"" + LONG + "\"}",
            "{\"method\":\"POST\",\"status\":\"503\",\"latency_ms\":\"1e3\",\"ok\":false,\"a-b\":\"x\\\"y\\u00e9\"}",
            "{\"http\":{\"method\":\"PUT\",\"req\":{\"size\":7}},\"status\":201,\"tags\":[1,2],\"n\":null,\"1st\":true}",
            "{\"status\":\"\",\"latency_ms\":-0.5,\"method\":\"東京\",\"e\":\"\\ud800\"}",
            "{}");

    private static DecodedBlock seal(List<String> lines) throws CorruptionException {
        HeadBlock h = new HeadBlock();
        long ts = 1_700_000_000_000_000_000L;
        for (String l : lines) {
            byte[] b = l.getBytes(StandardCharsets.UTF_8);
            h.append(ts++, b, 0, b.length, Labels.EMPTY);
        }
        return h.cut(Codec.zstd(3), "test").decodeMeta();
    }

    private static StreamPipeline pipeline(Stage... stages) {
        return Pipeline.of(List.of(stages)).forStream(STREAM);
    }

    /** The labels of each entry (null when dropped), from its line. */
    private static List<Labels> fromLines(StreamPipeline p, DecodedBlock d) throws CorruptionException {
        List<Labels> out = new ArrayList<>();
        byte[] text = d.text();
        for (int i = 0; i < d.count(); i++) {
            out.add(p.process(d.ts(i), text, d.lineOffset(i), d.lineLength(i), Labels.EMPTY) ? p.labels() : null);
        }
        return out;
    }

    private static List<Labels> fromColumns(StreamPipeline p, DecodedBlock d) throws CorruptionException {
        assertThat(p.acceptsColumns(d.jsonColumns())).isTrue();
        List<Labels> out = new ArrayList<>();
        for (int i = 0; i < d.count(); i++) out.add(p.processColumns(d.ts(i), i, Labels.EMPTY) ? p.labels() : null);
        return out;
    }

    @Test
    void pipelinesReadingTheColumnsGiveWhatParsingTheLinesGives() throws CorruptionException {
        DecodedBlock d = seal(LINES);
        List<StreamPipeline> pipelines = List.of(
                pipeline(Parsers.json(Set.of("status", "latency_ms", "method"))),
                pipeline(Parsers.json(Set.of("status", "method")),
                        LabelFilters.stage(LabelFilters.number("status", LabelFilters.Op.GTE, 500))),
                pipeline(Parsers.json(Set.of("level_extracted", "a_b", "http_req_size", "_1st", "ok", "e"))),
                pipeline(LabelFilters.stage(LabelFilters.matcher(io.norn.model.LabelMatcher.eq("app", "gateway"))),
                        Parsers.json(Set.of("http_method"))));
        for (StreamPipeline p : pipelines) {
            List<Labels> expected = fromLines(p, d);
            assertThat(fromColumns(p, d)).isEqualTo(expected);
        }
        // the columns are not just empty: the first pipeline sees the values
        assertThat(fromLines(pipelines.get(0), d).get(0).get("latency_ms")).isEqualTo("12.5");
        assertThat(fromLines(pipelines.get(2), d).get(1).get("a_b")).isEqualTo("x\"yé");
    }

    @Test
    void pipelinesThatNeedMoreThanTheColumnsReadTheLines() throws CorruptionException {
        DecodedBlock d = seal(LINES);
        // msg is too long to be kept; all labels include it
        assertThat(pipeline(Parsers.json()).acceptsColumns(d.jsonColumns())).isFalse();
        assertThat(pipeline(Parsers.json(Set.of("msg"))).acceptsColumns(d.jsonColumns())).isFalse();
        // another stage reads the line
        assertThat(pipeline(Parsers.json(Set.of("status")), Parsers.logfmt(false, false)).acceptsColumns(d.jsonColumns())).isFalse();
        // "level" becomes level_extracted for this stream, as a key of that name does
        DecodedBlock clash = seal(List.of("{\"level\":\"a\",\"level_extracted\":\"b\"}"));
        assertThat(pipeline(Parsers.json(Set.of("level_extracted"))).acceptsColumns(clash.jsonColumns())).isFalse();
    }

    @Test
    void blocksWhoseLinesTheColumnCannotDescribeHaveNone() throws CorruptionException {
        assertThat(seal(List.of("{\"a\":1}", "plain text")).jsonColumns()).isNull();
        assertThat(seal(List.of("{\"a\":1}", "{\"a\":")).jsonColumns()).as("invalid JSON").isNull();
        assertThat(seal(List.of("{\"a\":1,\"a\":2}")).jsonColumns()).as("a key twice").isNull();
        assertThat(seal(List.of("{\"a-b\":1,\"a_b\":2}")).jsonColumns()).as("a label twice").isNull();
        assertThat(seal(List.of("{\"__error__\":\"x\"}")).jsonColumns()).as("sets the error").isNull();
        assertThat(seal(List.of("{}", "{\"a\":[]}")).jsonColumns()).as("no label at all").isNull();
        StringBuilder wide = new StringBuilder("{");
        for (int i = 0; i <= JsonColumns.MAX_COLUMNS; i++) wide.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
        assertThat(seal(List.of(wide + "}")).jsonColumns()).as("too many labels").isNull();
        assertThat(seal(List.of("{\"a\":1}", "{\"b\":\"x\"}")).jsonColumns()).isNotNull();
    }

    @Test
    void textValuesAreKeptWhenTheyRepeatAndNumbersAlways() throws CorruptionException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            lines.add("{\"method\":\"" + (i % 3 == 0 ? "GET" : "POST") + "\",\"path\":\"/orders/" + i + "\",\"latency\":" + i * 7 + ".5}");
        }
        JsonColumns json = seal(lines).jsonColumns();
        assertThat(json.size()).isEqualTo(3);
        assertThat(json.name(0)).isEqualTo("method");
        assertThat(json.values(0)).isNotNull();
        assertThat(json.name(1)).isEqualTo("path");
        assertThat(json.values(1)).as("a new path on every line").isNull();
        assertThat(json.name(2)).isEqualTo("latency");
        assertThat(json.values(2)).isNotNull();
    }

    @Test
    void headDataStillBeingWrittenHasNoColumn() {
        HeadBlock h = new HeadBlock();
        byte[] b = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        h.append(1, b, 0, b.length, Labels.EMPTY);
        assertThat(h.snapshot(0, Long.MAX_VALUE)).satisfies(d -> assertThat(d.jsonColumns()).isNull());
    }
}
