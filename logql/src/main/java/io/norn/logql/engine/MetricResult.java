package io.norn.logql.engine;

/**
 * The value of a metric query: a {@link Matrix} for range queries, a {@link Vector} or a {@link Scalar}
 * for instant queries. Immutable.
 */
public sealed interface MetricResult permits Matrix, Vector, Scalar {
}
