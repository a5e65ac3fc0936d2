package io.norn.loghttp;

import io.norn.model.Labels;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * One stream of a decoded push request, before validation: indexes {@code [from, to)} of parallel arrays, which
 * usually hold the entries of every stream of the request (see {@link EntryColumns}). Entry {@code i} of the arrays
 * has line {@code lineLengths[i]} bytes of {@code lineBuffers[i]} from {@code lineOffsets[i]}, usually a slice of the
 * request body. The indexed accessors ({@link #ts(int)}, {@link #line(int)}, ...) count from the stream's first
 * entry.
 */
public record PushStream(Labels labels, long[] ts, byte[][] lineBuffers, int[] lineOffsets, int[] lineLengths,
                         Labels[] structuredMetadata, int from, int to) {
    /** The arrays are as long as each other: {@link EntryColumns} keeps them so (and the ingester's entries check it). */
    public PushStream {
        requireNonNull(labels, "labels is null");
        if (from < 0 || from > to || to > ts.length) {
            throw new IllegalArgumentException("entries [" + from + ", " + to + ") outside " + ts.length);
        }
    }

    /** All entries of the arrays. */
    public PushStream(Labels labels, long[] ts, byte[][] lineBuffers, int[] lineOffsets, int[] lineLengths,
                      Labels[] structuredMetadata) {
        this(labels, ts, lineBuffers, lineOffsets, lineLengths, structuredMetadata, 0, ts.length);
    }

    public int size() {
        return to - from;
    }

    /** The timestamp of the stream's entry {@code i}. */
    public long ts(int i) {
        return ts[from + i];
    }

    /** A copy of the stream's timestamps. */
    public long[] timestamps() {
        return Arrays.copyOfRange(ts, from, to);
    }

    /** The structured metadata of the stream's entry {@code i}. */
    public Labels structuredMetadata(int i) {
        return structuredMetadata[from + i];
    }

    /** A copy of the line of the stream's entry {@code i}. */
    public byte[] line(int i) {
        int k = from + i;
        return Arrays.copyOfRange(lineBuffers[k], lineOffsets[k], lineOffsets[k] + lineLengths[k]);
    }

    /** Total bytes of all lines. */
    public long lineBytes() {
        long n = 0;
        for (int i = from; i < to; i++) n += lineLengths[i];
        return n;
    }
}
