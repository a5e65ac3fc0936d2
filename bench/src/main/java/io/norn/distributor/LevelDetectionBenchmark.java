package io.norn.distributor;

import io.norn.bench.BenchData;
import io.norn.model.Labels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The {@code detected_level} of every loghub line pushed without a level label, as a push from an agent that sends
 * none (the load generator's streams carry one, so its runs never reach this). The score is passes over the lines
 * per second; multiply by their count (printed at setup) for lines per second. In the distributor's package because
 * the detector is internal.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class LevelDetectionBenchmark {
    private byte[][] lines;
    private final LevelDetector detector = new LevelDetector(LevelDetector.DEFAULT_FIELDS);

    @Setup
    public void setup() {
        lines = BenchData.raw(BenchData.rawLines(BenchData.loghubDir()));
        System.out.println("lines per run: " + lines.length);
    }

    /** Detects the level of every line; returns the total length of the level names. */
    @Benchmark
    public int run() {
        int n = 0;
        for (byte[] l : lines) n += detector.withLevel(null, Labels.EMPTY, l, 0, l.length).get(LevelDetector.LABEL).length();
        return n;
    }
}
