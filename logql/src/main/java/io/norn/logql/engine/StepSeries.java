package io.norn.logql.engine;

import io.norn.model.Labels;

import java.util.BitSet;

import static java.util.Objects.requireNonNull;

/** One series evaluated over a {@link StepGrid}: a value per step where {@code present} is set. Not thread-safe. */
final class StepSeries {
    final Labels labels;
    final double[] values;
    final BitSet present;

    StepSeries(Labels labels, int steps) {
        this(labels, new double[steps], new BitSet(steps));
    }

    StepSeries(Labels labels, double[] values, BitSet present) {
        this.labels = requireNonNull(labels, "labels is null");
        this.values = values;
        this.present = present;
    }

    void set(int step, double value) {
        values[step] = value;
        present.set(step);
    }

    boolean has(int step) {
        return present.get(step);
    }

    boolean isEmpty() {
        return present.isEmpty();
    }

    StepSeries withLabels(Labels newLabels) {
        return new StepSeries(newLabels, values, present);
    }

    @Override
    public String toString() {
        return labels + " " + present.cardinality() + " points";
    }
}
