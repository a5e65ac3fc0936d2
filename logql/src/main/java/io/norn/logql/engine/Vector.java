package io.norn.logql.engine;

import java.util.List;

/**
 * An instant query result: samples at one time (Unix milliseconds). Sorted by labels, except after
 * {@code sort}/{@code sort_desc}, which order by value.
 */
public record Vector(long tsMillis, List<Sample> samples) implements MetricResult {
    public Vector {
        samples = List.copyOf(samples);
    }
}
