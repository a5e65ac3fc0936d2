package io.norn.bench;

import io.norn.logql.engine.PipelineCompiler;
import io.norn.logql.log.StreamPipeline;
import io.norn.logql.syntax.LogQL;
import io.norn.logql.syntax.LogSelectorExpr;
import io.norn.logql.syntax.ParseException;
import io.norn.model.Labels;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Log pipeline throughput on one core over the loghub samples. The score is pipeline runs over the whole data
 * set per second; multiply by {@link #bytesPerRun()} (printed at setup) for bytes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PipelineBenchmark {
    /** The input kind, then the pipeline after the selector. */
    @Param({
            "raw:|= \"QX7NEEDLE\"",
            "json:| json | level=\"error\"",
            "logfmt:| logfmt | duration > 10ms",
            "json:| json | line_format \"{{.level}} {{.msg}}\""})
    public String query;

    private byte[][] lines;
    private StreamPipeline pipeline;

    @Setup
    public void setup() throws ParseException {
        int colon = query.indexOf(':');
        String kind = query.substring(0, colon);
        List<String> raw = BenchData.rawLines(BenchData.loghubDir());
        lines = switch (kind) {
            case "raw" -> BenchData.raw(raw);
            case "json" -> BenchData.json(raw);
            case "logfmt" -> BenchData.logfmt(raw);
            default -> throw new IllegalArgumentException("unknown input kind " + kind);
        };
        pipeline = compile(query.substring(colon + 1));
        System.out.println("bytes per run: " + bytesPerRun());
    }

    static StreamPipeline compile(String stages) throws ParseException {
        LogSelectorExpr e = LogQL.parseLogSelector("{job=\"bench\"} " + stages);
        return PipelineCompiler.compile(e.stages()).forStream(Labels.of("job", "bench"));
    }

    public long bytesPerRun() {
        return BenchData.totalBytes(lines);
    }

    /** Runs the pipeline over every line; returns how many lines passed. */
    @Benchmark
    public int run() {
        return runOver(pipeline, lines);
    }

    static int runOver(StreamPipeline p, byte[][] lines) {
        int kept = 0;
        long ts = 1;
        for (byte[] l : lines) {
            if (p.process(ts++, l, 0, l.length, Labels.EMPTY)) kept++;
        }
        return kept;
    }
}
