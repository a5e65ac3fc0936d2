package io.norn.ingester;

import io.norn.model.Labels;

import static java.util.Objects.requireNonNull;

/**
 * Entries pushed for one stream: parallel arrays of timestamps, lines and structured metadata ({@link Labels#EMPTY}
 * when none). The arrays are owned by the push that created them and never modified afterwards.
 */
public record StreamEntries(Labels labels, long[] ts, byte[][] lines, Labels[] structuredMetadata) {
    public StreamEntries {
        requireNonNull(labels, "labels is null");
        if (ts.length != lines.length || ts.length != structuredMetadata.length) {
            throw new IllegalArgumentException("ts, lines and structuredMetadata differ in length");
        }
    }

    public int size() {
        return ts.length;
    }
}
