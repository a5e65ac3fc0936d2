package io.norn.logql.engine;

import io.norn.iter.StreamCursor;
import io.norn.model.Labels;
import io.norn.model.LabelMatcher;

import java.io.IOException;
import java.util.List;

/**
 * The engine's seam to storage: selects streams of one tenant by label matchers and time range.
 * Implementations must be thread-safe; the returned cursors are not.
 */
public interface Querier {
    /**
     * Streams matching every matcher that have entries in {@code [fromNanos, throughNanos)}. Each cursor yields
     * only entries in that range, in {@code params.direction()} order, and only lines accepted by
     * {@code params.lineFilter()} (the engine leaves the line filters it stands for out of its pipelines).
     */
    List<StreamCursor> select(SelectParams params) throws IOException;

    /** Label sets of the streams matching the matchers (all streams when empty) with data in the range. */
    List<Labels> series(List<LabelMatcher> matchers, long fromNanos, long throughNanos) throws IOException;
}
