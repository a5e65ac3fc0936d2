package io.norn.logql.engine;

/** A scalar result (an instant query whose expression is a number literal). */
public record Scalar(long tsMillis, double value) implements MetricResult {
}
