package io.norn.loghttp;

import io.norn.bench.BenchData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decoding JSON push bodies shaped as the load generator sends them: ten streams of a hundred loghub lines a push,
 * one stream in ten of JSON lines (escaped quotes in every line). The score is bodies per second over the whole set;
 * multiply by the lines per run (printed at setup) for lines per second. {@code usual} is the push path, the
 * one-pass reader; {@code general} the Jackson-based decoder it hands unusual bodies to. In the package of the
 * decoders because the general one is internal.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class JsonPushDecodeBenchmark {
    private static final int STREAMS_PER_PUSH = 10;
    private static final int LINES_PER_STREAM = 100;

    @Param({"usual", "general"})
    public String decoder;

    private List<byte[]> bodies;

    @Setup
    public void setup() {
        List<String> raw = BenchData.rawLines(BenchData.loghubDir());
        byte[][] plain = BenchData.raw(raw);
        byte[][] json = BenchData.gateway(raw);
        bodies = new ArrayList<>();
        int next = 0;
        long t = 1_700_000_000_000_000_000L;
        while (next + STREAMS_PER_PUSH * LINES_PER_STREAM <= plain.length) {
            StringBuilder b = new StringBuilder("{\"streams\":[");
            for (int s = 0; s < STREAMS_PER_PUSH; s++) {
                boolean jsonStream = s == STREAMS_PER_PUSH - 1;
                b.append(s == 0 ? "" : ",").append("{\"stream\":{\"job\":\"loadgen\",\"app\":\"")
                        .append(jsonStream ? "gateway" : "app" + s).append("\",\"host\":\"host").append(s).append("\"},\"values\":[");
                for (int i = 0; i < LINES_PER_STREAM; i++, next++) {
                    byte[] line = jsonStream ? json[next] : plain[next];
                    b.append(i == 0 ? "" : ",").append("[\"").append(t++).append("\",\"");
                    escape(b, new String(line, StandardCharsets.UTF_8));
                    b.append("\"]");
                }
                b.append("]}");
            }
            bodies.add(b.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }
        System.out.println("lines per run: " + (long) bodies.size() * STREAMS_PER_PUSH * LINES_PER_STREAM);
    }

    private static void escape(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
    }

    /** Decodes every body; returns the number of lines. */
    @Benchmark
    public int run() throws BadRequestException {
        boolean usual = decoder.equals("usual");
        int n = 0;
        for (byte[] body : bodies) {
            List<PushStream> streams = usual ? PushDecoder.decodeJson(body, body.length) : PushDecoder.decodeAnyJson(body, body.length);
            for (PushStream s : streams) n += s.size();
        }
        return n;
    }
}
