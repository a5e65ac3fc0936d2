package io.norn.loghttp;

import io.norn.model.Labels;

/** One stream of a decoded push request, before validation. */
public record PushStream(Labels labels, long[] ts, byte[][] lines, Labels[] structuredMetadata) {
    public int size() {
        return ts.length;
    }
}
