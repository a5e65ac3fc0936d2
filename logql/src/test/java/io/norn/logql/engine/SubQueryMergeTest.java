package io.norn.logql.engine;

import io.norn.model.Labels;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class SubQueryMergeTest {
    private static final long S = 1_000_000_000L;
    // 00:00 .. 02:00 every 30m: four sub-queries sharing their boundary steps
    private static final StepGrid GRID = StepGrid.range(0, 7200 * S, 1800 * S, MetricEngine.DEFAULT_SPLIT_NANOS);
    private static final Labels A = Labels.of("host", "alpha", "job", "apache");
    private static final Labels B = Labels.of("host", "beta", "job", "apache");
    private static final Labels G = Labels.of("host", "gamma", "job", "apache");

    /** A series from "step=value" pairs; NaN marks an absent step. */
    private static StepSeries series(Labels l, double... values) {
        StepSeries s = new StepSeries(l, GRID.size());
        for (int i = 0; i < values.length; i++) if (!Double.isNaN(values[i])) s.set(i, values[i]);
        return s;
    }

    private static Map<Labels, List<Double>> merged(List<StepSeries> exclusive, List<StepSeries> inclusive) {
        Map<Labels, List<Double>> out = new TreeMap<>();
        for (StepSeries s : SubQueryMerge.merge(exclusive, inclusive, GRID)) {
            if (s.isEmpty()) continue;
            Double[] v = new Double[GRID.size()];
            for (int i = 0; i < v.length; i++) v[i] = s.has(i) ? s.values[i] : null;
            out.put(s.labels, java.util.Arrays.asList(v));
        }
        return out;
    }

    private static final double X = Double.NaN;

    @Test
    void theEarlierSubQueryWinsASharedStepWhenItsFirstSeriesStartsAtItsFirstStep() {
        // alpha has a point at 00:00, so the first sub-query sorts before the second
        List<StepSeries> exclusive = List.of(series(A, 1, 10, 20, 30, 40), series(G, X, 56, 60, 72, 58));
        List<StepSeries> inclusive = List.of(series(A, 1, 11, 21, 31, 40), series(G, X, 57, 60, 72, 58));
        Map<Labels, List<Double>> m = merged(exclusive, inclusive);
        assertThat(m.get(A)).containsExactly(1.0, 10.0, 20.0, 30.0, 40.0);
        assertThat(m.get(G)).containsExactly(null, 56.0, 60.0, 72.0, 58.0);
    }

    @Test
    void afterATieTheLaterSubQueryWinsAndTheEarlierOnesPointsOfItsSeriesAreDropped() {
        // the first series in label order (alpha) has no point at 00:00: the first sub-query ties with the second,
        // which stays in front (latest first), so beta's 00:00 point is dropped and gamma's 00:30 is inclusive
        List<StepSeries> exclusive = List.of(series(A, X, 68, 58, 54, 70), series(B, 1, 63, 68, 61, 58),
                series(G, X, 56, 60, 72, 58));
        List<StepSeries> inclusive = List.of(series(A, X, 68, 59, 54, 70), series(B, 1, 63, 68, 62, 58),
                series(G, X, 57, 60, 72, 58));
        Map<Labels, List<Double>> m = merged(exclusive, inclusive);
        assertThat(m.get(A)).containsExactly(null, 68.0, 58.0, 54.0, 70.0);
        assertThat(m.get(B)).containsExactly(null, 63.0, 68.0, 61.0, 58.0);
        assertThat(m.get(G)).containsExactly(null, 57.0, 60.0, 72.0, 58.0);
    }

    @Test
    void aSeriesOnlyInTheEarlierSubQueryKeepsItsPoints() {
        // the sub-queries tie as above, but the second one has no beta series: beta keeps both points of the first
        List<StepSeries> exclusive = List.of(series(A, X, 5, 6, 7, 8), series(B, 1, 3, X, X, X));
        List<StepSeries> inclusive = List.of(series(A, X, 5, 6, 7, 8), series(B, 1, X, X, X, X));
        Map<Labels, List<Double>> m = merged(exclusive, inclusive);
        assertThat(m.get(B)).containsExactly(1.0, 3.0, null, null, null);
        assertThat(m.get(A)).containsExactly(null, 5.0, 6.0, 7.0, 8.0);
    }

    @Test
    void labelOrderIsByNameThenValueWithShorterSetsFirst() {
        assertThat(SubQueryMerge.LOKI_ORDER.compare(Labels.of("job", "a"), Labels.of("job", "a", "x", "1"))).isNegative();
        assertThat(SubQueryMerge.LOKI_ORDER.compare(Labels.of("host", "z"), Labels.of("job", "a"))).isNegative();
        assertThat(SubQueryMerge.LOKI_ORDER.compare(Labels.of("v", "\uffff"), Labels.of("v", "\ud83d\ude00")))
                .as("by code point, as UTF-8 bytes compare").isNegative();
    }
}
