package io.norn.logql.engine;

import java.util.List;

/** A range query result: series sorted by labels, each with points in ascending time. */
public record Matrix(List<Series> series) implements MetricResult {
    public Matrix {
        series = List.copyOf(series);
    }
}
