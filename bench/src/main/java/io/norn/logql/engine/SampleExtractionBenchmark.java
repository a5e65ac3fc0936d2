package io.norn.logql.engine;

import io.norn.bench.BenchData;
import io.norn.logql.syntax.LogQL;
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

import java.util.concurrent.TimeUnit;

/**
 * Sample extraction of a metric query (its pipeline with the parser hints the planner derives, the unwrap and the
 * series labels) on one core over the loghub samples shaped as the load generator's gateway JSON lines. The score
 * is passes over the whole data set per second; multiply by the bytes per run (printed at setup) for bytes per
 * second. In the engine's package because the planner is internal.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SampleExtractionBenchmark {
    @Param({"quantile_over_time(0.99, {app=\"gateway\"} | json | status >= 500 | unwrap latency_ms [5m]) by (method)"})
    public String query;

    private byte[][] lines;
    private SampleExtractor extractor;

    @Setup
    public void setup() throws ParseException {
        lines = BenchData.gateway(BenchData.rawLines(BenchData.loghubDir()));
        MetricPlan plan = new MetricPlanner(LokiTemplates.INSTANCE).plan(LogQL.parseSampleExpr(query));
        while (plan instanceof MetricPlan.VectorAggregation v) plan = v.input();
        if (!(plan instanceof MetricPlan.RangeAggregation r)) throw new IllegalArgumentException("not a range aggregation: " + query);
        extractor = r.extractor().forStream(Labels.of("app", "gateway", "job", "bench"));
        System.out.println("bytes per run: " + BenchData.totalBytes(lines));
    }

    /** Extracts a sample from every line; returns the sum of the values and of the label set sizes. */
    @Benchmark
    public double run() {
        double sum = 0;
        long ts = 1;
        for (byte[] l : lines) {
            if (extractor.process(ts++, l, 0, l.length, Labels.EMPTY)) sum += extractor.value() + extractor.labels().size();
        }
        return sum;
    }
}
