package io.norn.logql.engine;

import io.norn.model.Labels;

import static java.util.Objects.requireNonNull;

/** One sample of a {@link Vector}. */
public record Sample(Labels metric, double value) {
    public Sample {
        requireNonNull(metric, "metric is null");
    }
}
