package io.norn.loghttp;

import io.norn.model.Labels;

import java.util.Arrays;

/**
 * One stream of a decoded push request, before validation. Line {@code i} is {@code lineLengths[i]} bytes of
 * {@code lineBuffers[i]} from {@code lineOffsets[i]}, usually a slice of the request body.
 */
public record PushStream(Labels labels, long[] ts, byte[][] lineBuffers, int[] lineOffsets, int[] lineLengths,
                         Labels[] structuredMetadata) {
    public int size() {
        return ts.length;
    }

    /** A copy of line {@code i}. */
    public byte[] line(int i) {
        return Arrays.copyOfRange(lineBuffers[i], lineOffsets[i], lineOffsets[i] + lineLengths[i]);
    }

    /** Total bytes of all lines. */
    public long lineBytes() {
        long n = 0;
        for (int len : lineLengths) n += len;
        return n;
    }
}
