package io.norn.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.core.status.Status;
import com.github.loki4j.logback.Loki4jAppender;
import com.github.loki4j.logback.PipelineConfigAppenderBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real loki4j Logback appender (a Loki client used by many Java services) pushes to the server in its
 * protobuf and its JSON mode; the lines come back under the labels the appender's pattern gave them.
 */
class Loki4jIT {
    private static final int LINES = 50;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "protobuf={0}")
    @ValueSource(booleans = {true, false})
    void appenderPushesAreQueryable(boolean protobuf) throws Exception {
        String mode = protobuf ? "protobuf" : "json";
        long start = System.currentTimeMillis() * 1_000_000L - 1;
        try (TestServer s = new TestServer(dir)) {
            LoggerContext ctx = new LoggerContext();
            ctx.setName("loki4j-" + mode);
            Loki4jAppender appender = appender(ctx, s.base, protobuf, "app=norn-it\nmode=" + mode + "\nlevel=%level", "off");
            Logger log = logger(ctx, appender);
            List<String> expectedInfo = new ArrayList<>();
            List<String> expectedWarn = new ArrayList<>();
            for (int i = 0; i < LINES; i++) {
                if (i % 5 == 4) {
                    log.warn("slow request id={} took={}ms path=\"/api/é\"", i, i * 3);
                    expectedWarn.add("WARN Loki4jIT slow request id=" + i + " took=" + i * 3 + "ms path=\"/api/é\"");
                } else {
                    log.info("request id={} status=200", i);
                    expectedInfo.add("INFO Loki4jIT request id=" + i + " status=200");
                }
            }
            appender.stop();
            assertThat(appender.isStarted()).isFalse();
            ctx.stop();
            assertNoErrors(ctx);
            long end = System.currentTimeMillis() * 1_000_000L + 1;

            LokiClient client = new LokiClient(s.base);
            Map<Map<String, String>, List<LokiClient.Line>> got = client.queryRange("{app=\"norn-it\", mode=\"" + mode + "\"}", start, end, 1000);
            assertThat(got).containsOnlyKeys(
                    Map.of("app", "norn-it", "mode", mode, "level", "INFO"),
                    Map.of("app", "norn-it", "mode", mode, "level", "WARN"));
            // Two events may share a timestamp, and then their order is not defined: compare as multisets.
            assertThat(lines(got.get(Map.of("app", "norn-it", "mode", mode, "level", "INFO")))).containsExactlyInAnyOrderElementsOf(expectedInfo);
            assertThat(lines(got.get(Map.of("app", "norn-it", "mode", mode, "level", "WARN")))).containsExactlyInAnyOrderElementsOf(expectedWarn);
            for (List<LokiClient.Line> stream : got.values()) {
                assertThat(stream).extracting(LokiClient.Line::tsNanos).isSorted().allSatisfy(ts -> assertThat(ts).isBetween(start, end));
            }

            Map<Map<String, String>, List<LokiClient.Line>> filtered = client.queryRange(
                    "{app=\"norn-it\", mode=\"" + mode + "\", level=\"WARN\"} |= \"took=\" | logfmt | took > 30ms", start, end, 1000);
            assertThat(filtered.values().stream().mapToInt(List::size).sum()).isEqualTo((int) expectedWarn.stream()
                    .filter(l -> Integer.parseInt(l.replaceAll(".*took=(\\d+)ms.*", "$1")) > 30).count());
            assertThat(s.get("/loki/api/v1/label/mode/values", Map.of("start", Long.toString(start))).body()).contains("\"" + mode + "\"");
        }
    }

    @Test
    void structuredMetadataFromTheAppenderIsFilterable() throws Exception {
        long start = System.currentTimeMillis() * 1_000_000L - 1;
        try (TestServer s = new TestServer(dir)) {
            LoggerContext ctx = new LoggerContext();
            ctx.setName("loki4j-metadata");
            Loki4jAppender appender = appender(ctx, s.base, true, "app=norn-it\nmode=metadata", "thread=%thread");
            Logger log = logger(ctx, appender);
            Thread t = Thread.ofPlatform().name("worker-7").start(() -> log.info("from the worker"));
            t.join(10_000);
            log.info("from the test");
            appender.stop();
            ctx.stop();
            assertNoErrors(ctx);
            long end = System.currentTimeMillis() * 1_000_000L + 1;

            LokiClient client = new LokiClient(s.base);
            Map<Map<String, String>, List<LokiClient.Line>> got = client.queryRange(
                    "{app=\"norn-it\", mode=\"metadata\"} | thread=\"worker-7\"", start, end, 1000);
            assertThat(got.values().stream().flatMap(List::stream).map(LokiClient.Line::line).toList()).containsExactly("INFO Loki4jIT from the worker");
            assertThat(got.keySet()).allSatisfy(labels -> assertThat(labels).containsEntry("thread", "worker-7"));
        }
    }

    private static Loki4jAppender appender(LoggerContext ctx, String base, boolean protobuf, String labels, String metadata) {
        PipelineConfigAppenderBase.HttpCfg http = new PipelineConfigAppenderBase.HttpCfg();
        http.setUrl(base + "/loki/api/v1/push");
        http.setUseProtobufApi(protobuf);
        http.setRequestTimeoutMs(10_000);
        http.setMaxRetries(0);
        PipelineConfigAppenderBase.BatchCfg batch = new PipelineConfigAppenderBase.BatchCfg();
        batch.setMaxItems(7);
        batch.setTimeoutMs(200);
        PatternLayout layout = new PatternLayout();
        layout.setContext(ctx);
        layout.setPattern("%level %logger{0} %msg");
        layout.start();

        Loki4jAppender a = new Loki4jAppender();
        a.setContext(ctx);
        a.setName("LOKI");
        a.setHttp(http);
        a.setBatch(batch);
        a.setLabels(labels);
        a.setStructuredMetadata(metadata);
        a.setMessage(layout);
        a.start();
        assertThat(a.isStarted()).as("appender started; status: %s", ctx.getStatusManager().getCopyOfStatusList()).isTrue();
        return a;
    }

    private static Logger logger(LoggerContext ctx, Loki4jAppender appender) {
        Logger log = ctx.getLogger(Loki4jIT.class);
        log.setLevel(Level.DEBUG);
        log.setAdditive(false);
        log.addAppender(appender);
        return log;
    }

    /** The appender reports send failures (e.g. a 4xx from the server) through the context's status manager. */
    private static void assertNoErrors(LoggerContext ctx) {
        assertThat(ctx.getStatusManager().getCopyOfStatusList())
                .filteredOn(st -> st.getLevel() >= Status.WARN)
                .isEmpty();
    }

    private static List<String> lines(List<LokiClient.Line> stream) {
        return stream.stream().map(LokiClient.Line::line).toList();
    }
}
