package io.norn.logql.engine;

import io.norn.model.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class KernelsTest {
    private static final long S = 1_000_000_000L;

    private static double apply(RangeFunction f, double param, long rangeNanos, long[] ts, double[] v) {
        return f.apply(ts, v, 0, v.length, rangeNanos, param, new double[v.length]);
    }

    @Test
    void simpleRangeFunctions() {
        long[] ts = {1 * S, 2 * S, 3 * S, 4 * S};
        double[] v = {4, 1, 3, 2};
        assertThat(apply(RangeFunction.COUNT_OVER_TIME, 0, 10 * S, ts, v)).isEqualTo(4);
        assertThat(apply(RangeFunction.RATE, 0, 10 * S, ts, v)).isEqualTo(0.4);
        assertThat(apply(RangeFunction.RATE_VALUES, 0, 10 * S, ts, v)).isEqualTo(1.0);
        assertThat(apply(RangeFunction.SUM_OVER_TIME, 0, 10 * S, ts, v)).isEqualTo(10);
        assertThat(apply(RangeFunction.AVG_OVER_TIME, 0, 10 * S, ts, v)).isEqualTo(2.5);
        assertThat(apply(RangeFunction.MIN_OVER_TIME, 0, 10 * S, ts, v)).isEqualTo(1);
        assertThat(apply(RangeFunction.MAX_OVER_TIME, 0, 10 * S, ts, v)).isEqualTo(4);
        assertThat(apply(RangeFunction.STDVAR_OVER_TIME, 0, 10 * S, ts, v)).isCloseTo(1.25, within(1e-12));
        assertThat(apply(RangeFunction.STDDEV_OVER_TIME, 0, 10 * S, ts, v)).isCloseTo(Math.sqrt(1.25), within(1e-12));
        assertThat(apply(RangeFunction.FIRST_OVER_TIME, 0, 10 * S, ts, v)).isEqualTo(4);
        assertThat(apply(RangeFunction.LAST_OVER_TIME, 0, 10 * S, ts, v)).isEqualTo(2);
    }

    @Test
    void quantileInterpolatesAndClampsPhi() {
        long[] ts = {1, 2, 3, 4};
        double[] v = {4, 1, 3, 2};
        assertThat(apply(RangeFunction.QUANTILE_OVER_TIME, 0.5, S, ts, v)).isEqualTo(2.5);
        assertThat(apply(RangeFunction.QUANTILE_OVER_TIME, 0.9, S, ts, v)).isCloseTo(3.7, within(1e-12));
        assertThat(apply(RangeFunction.QUANTILE_OVER_TIME, -1, S, ts, v)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(apply(RangeFunction.QUANTILE_OVER_TIME, 2, S, ts, v)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(v).containsExactly(4, 1, 3, 2);
    }

    @Test
    void counterRateHandlesResets() {
        long[] ts = {1 * S, 2 * S, 3 * S};
        double[] v = {1, 5, 2};
        // increase = (2 - 1) + 5 for the reset; Loki's nanosecond arithmetic then extrapolates
        double r = apply(RangeFunction.RATE_COUNTER, 0, 10 * S, ts, v);
        double sampled = 2e6;
        double avg = sampled / 2;
        double toStart = Math.min(10.0, sampled * (1 / 6.0));
        double expected = 6 * ((sampled + (toStart < avg * 1.1 ? toStart : avg / 2) + 0) / sampled) / 10;
        assertThat(r).isCloseTo(expected, within(1e-12));
        assertThat(apply(RangeFunction.RATE_COUNTER, 0, 10 * S, new long[]{S}, new double[]{3})).isZero();
    }

    @Test
    void windowsAreLeftOpenAndExclusiveWhereTheGridSaysSo() {
        SampleBuffer b = new SampleBuffer();
        for (long t : new long[]{60, 90, 120, 180}) b.add(t * S, 1);
        StepGrid grid = new StepGrid(new long[]{120 * S, 180 * S}, new byte[]{StepGrid.INCLUSIVE, StepGrid.EXCLUSIVE});
        StepSeries s = RangeWindows.evaluate(Labels.EMPTY, b, grid, false, RangeFunction.COUNT_OVER_TIME, 60 * S, 0, 0);
        assertThat(s.values).containsExactly(2, 0);
        assertThat(s.has(1)).isFalse();
    }

    @Test
    void rangeGridFollowsLokiSplitting() {
        // 2h every 60 s: sub-queries end at 00:29, 00:59, 01:29 and at the query end
        StepGrid g = StepGrid.range(0, 7200 * S, 60 * S, MetricEngine.DEFAULT_SPLIT_NANOS);
        assertThat(g.size()).isEqualTo(121);
        assertThat(g.modes()[29]).isEqualTo(StepGrid.EXCLUSIVE);
        assertThat(g.modes()[30]).isEqualTo(StepGrid.INCLUSIVE);
        assertThat(g.modes()[120]).isEqualTo(StepGrid.EXCLUSIVE);
        StepGrid big = StepGrid.range(0, 7200 * S, 1800 * S, MetricEngine.DEFAULT_SPLIT_NANOS);
        assertThat(big.modes()).containsExactly(StepGrid.INCLUSIVE, StepGrid.EXCLUSIVE_ELSE_INCLUSIVE,
                StepGrid.EXCLUSIVE_ELSE_INCLUSIVE, StepGrid.EXCLUSIVE_ELSE_INCLUSIVE, StepGrid.EXCLUSIVE);
        StepGrid unaligned = StepGrid.range(150 * S, 3480 * S, 300 * S, MetricEngine.DEFAULT_SPLIT_NANOS);
        assertThat(unaligned.first()).isEqualTo(0);
        assertThat(unaligned.last()).isEqualTo(3600 * S);
    }

    @ParameterizedTest
    @CsvSource({"1.5,1.5", "-2e3,-2000", "+Inf,Infinity", "0x1p4,16"})
    void parsesGoFloats(String text, double expected) {
        assertThat(UnwrapConversion.FLOAT.convert(text)).isEqualTo(expected);
    }

    @Test
    void rejectsWhatGoRejects() {
        assertThatThrownBy(() -> UnwrapConversion.FLOAT.convert("111ms119us"))
                .hasMessage("strconv.ParseFloat: parsing \"111ms119us\": invalid syntax");
        assertThatThrownBy(() -> UnwrapConversion.FLOAT.convert("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UnwrapConversion.FLOAT.convert("1d")).isInstanceOf(IllegalArgumentException.class);
        // Go requires the p exponent in hexadecimal floats
        assertThatThrownBy(() -> UnwrapConversion.FLOAT.convert("0x10")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UnwrapConversion.DURATION.convert("12")).hasMessageContaining("missing unit");
        assertThatThrownBy(() -> UnwrapConversion.BYTES.convert("12 zz")).hasMessage("unhandled size name: zz");
    }

    @Test
    void convertsDurationsAndBytes() {
        assertThat(UnwrapConversion.DURATION.convert("111ms119us")).isCloseTo(0.111119, within(1e-15));
        assertThat(UnwrapConversion.DURATION.convert("1h2m3.5s")).isEqualTo(3723.5);
        assertThat(UnwrapConversion.DURATION.convert("-1.5s")).isEqualTo(-1.5);
        assertThat(UnwrapConversion.BYTES.convert("1.5 KiB")).isEqualTo(1536);
        assertThat(UnwrapConversion.BYTES.convert("42MB")).isEqualTo(42e6);
        assertThat(UnwrapConversion.BYTES.convert("7")).isEqualTo(7);
    }

    @Test
    void labelReplaceExpandsGroups() {
        LabelReplace r = new LabelReplace("dc", "$2-$1", "host", "(a|b)(.*)");
        assertThat(r.apply(Labels.of("host", "alpha"))).isEqualTo(Labels.of("host", "alpha", "dc", "lpha-a"));
        assertThat(r.apply(Labels.of("host", "gamma"))).isEqualTo(Labels.of("host", "gamma"));
        LabelReplace remove = new LabelReplace("job", "", "job", "spark");
        assertThat(remove.apply(Labels.of("job", "spark", "host", "a"))).isEqualTo(Labels.of("host", "a"));
        assertThat(new LabelReplace("x", "${1}y", "job", "(.*)").apply(Labels.of("job", "j"))).isEqualTo(Labels.of("job", "j", "x", "jy"));
    }

    @Test
    void vectorAggregationsAndTopk() {
        StepSeries a = series(Labels.of("job", "a", "host", "1"), 1, 4);
        StepSeries b = series(Labels.of("job", "a", "host", "2"), 3, 2);
        StepSeries c = series(Labels.of("job", "b", "host", "1"), 5, Double.NaN);
        List<StepSeries> in = List.of(a, b, c);
        List<StepSeries> sum = VectorAggregation.apply(VectorAggregation.Op.SUM, new Grouping(false, List.of("job")), 0, in, 2);
        assertThat(sum).extracting(s -> s.labels).containsExactly(Labels.of("job", "a"), Labels.of("job", "b"));
        assertThat(sum.getFirst().values).containsExactly(4, 6);
        List<StepSeries> sd = VectorAggregation.apply(VectorAggregation.Op.STDDEV, new Grouping(true, List.of("host")), 0, in, 2);
        assertThat(sd.getFirst().values).containsExactly(1, 1);
        List<StepSeries> top = VectorAggregation.apply(VectorAggregation.Op.TOPK, Grouping.ALL, 1, in, 2);
        assertThat(top).extracting(s -> s.labels).containsExactlyInAnyOrder(c.labels, a.labels);
        List<StepSeries> count = VectorAggregation.apply(VectorAggregation.Op.COUNT, Grouping.ALL, 0, in, 2);
        assertThat(count.getFirst().values).containsExactly(3, 3);
    }

    @Test
    void binaryOperationsFilterAndDivideByZero() {
        StepSeries a = series(Labels.of("host", "1"), 10, 0);
        List<StepSeries> gt = BinaryOperations.withLiteral(BinaryOperations.Op.GT, List.of(a), 5, false, false, 2);
        assertThat(gt.getFirst().has(0)).isTrue();
        assertThat(gt.getFirst().has(1)).isFalse();
        assertThat(gt.getFirst().values[0]).isEqualTo(10);
        List<StepSeries> div = BinaryOperations.withLiteral(BinaryOperations.Op.DIV, List.of(a), 0, false, false, 2);
        assertThat(div.getFirst().values[0]).isNaN();
        assertThat(BinaryOperations.literals(BinaryOperations.Op.MOD, 7, 3)).isEqualTo(1);
        assertThat(BinaryOperations.literals(BinaryOperations.Op.POW, 2, 9)).isEqualTo(512);
        StepSeries l = series(Labels.of("job", "x"), 1, 1);
        StepSeries r = series(Labels.of("job", "x"), 2, 0);
        List<StepSeries> bool = BinaryOperations.vectors(BinaryOperations.Op.LT, BinaryOperations.Matching.DEFAULT, true,
                List.of(l), List.of(r), 2);
        assertThat(bool.getFirst().values).containsExactly(1, 0);
        List<StepSeries> unless = BinaryOperations.vectors(BinaryOperations.Op.UNLESS, BinaryOperations.Matching.DEFAULT,
                false, List.of(l), List.of(series(Labels.of("job", "x"), 1)), 2);
        assertThat(unless.getFirst().has(0)).isFalse();
        assertThat(unless.getFirst().has(1)).isTrue();
    }

    private static StepSeries series(Labels labels, double... values) {
        StepSeries s = new StepSeries(labels, 2);
        for (int i = 0; i < values.length; i++) s.set(i, values[i]);
        return s;
    }
}
