package io.norn.ingester;

import java.util.List;

/** Outcome of a push at the ingester: entries refused per stream (too far behind, out of order). */
public record PushResult(List<StreamError> errors) {
    /** Refused entries of one stream, with Loki's per-entry reasons. */
    public record StreamError(String labels, int total, List<String> entryErrors) {
    }

    public PushResult {
        errors = List.copyOf(errors);
    }
}
