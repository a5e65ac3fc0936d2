package io.norn.logql.engine;

import io.norn.model.Direction;
import io.norn.model.LabelMatcher;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What the engine asks storage for. {@code lineFilter} is a byte-level predicate that storage applies while
 * decoding blocks (it returns only the lines it accepts); {@link LinePredicate#ALL} when the query has none.
 */
public record SelectParams(List<LabelMatcher> matchers, long fromNanos, long throughNanos, Direction direction,
                           LinePredicate lineFilter) {
    public SelectParams {
        matchers = List.copyOf(matchers);
        requireNonNull(direction, "direction is null");
        requireNonNull(lineFilter, "lineFilter is null");
        if (fromNanos > throughNanos) throw new IllegalArgumentException("from after through: " + fromNanos + " > " + throughNanos);
    }

    public static SelectParams of(List<LabelMatcher> matchers, long fromNanos, long throughNanos, Direction direction) {
        return new SelectParams(matchers, fromNanos, throughNanos, direction, LinePredicate.ALL);
    }
}
