package io.norn.bench;

import io.norn.chunkenc.NgramFilter;
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

import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;

/**
 * Building the n-gram filters of sealed blocks, as the ingester does for every block: the loghub lines back to back,
 * cut into 512 KB blocks. The score is passes over all blocks per second; multiply by the bytes per run (printed at
 * setup) for bytes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class NgramFilterBenchmark {
    private static final int BLOCK = 512 << 10;
    private byte[] text;
    private int blocks;

    @Setup
    public void setup() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] line : BenchData.raw(BenchData.rawLines(BenchData.loghubDir()))) out.writeBytes(line);
        text = out.toByteArray();
        blocks = text.length / BLOCK;
        System.out.println("bytes per run: " + (long) blocks * BLOCK);
    }

    /** Builds each block's filter; returns their total size. */
    @Benchmark
    public int run() {
        int n = 0;
        for (int b = 0; b < blocks; b++) n += NgramFilter.of(text, b * BLOCK, BLOCK, 7919 * b).memoryBytes();
        return n;
    }
}
