package io.norn.ingester;

import io.norn.model.Labels;

import static java.util.Objects.requireNonNull;

/**
 * Entries pushed for one stream: indexes {@code [from, to)} of parallel arrays of timestamps, lines and structured
 * metadata ({@link Labels#EMPTY} when none). Line {@code i} is {@code lineLengths[i]} bytes of {@code lineBuffers[i]}
 * from {@code lineOffsets[i]}: lines are usually slices of the request body, and the arrays usually hold the entries
 * of every stream of the push, so that decoding a push copies no line and allocates no arrays per stream. The arrays
 * and the bytes they point at are owned by the push that created them and never modified afterwards; nothing keeps
 * them beyond the push.
 */
public record StreamEntries(Labels labels, long[] ts, byte[][] lineBuffers, int[] lineOffsets, int[] lineLengths,
                            Labels[] structuredMetadata, int from, int to) {
    public StreamEntries {
        requireNonNull(labels, "labels is null");
        int n = ts.length;
        if (lineBuffers.length != n || lineOffsets.length != n || lineLengths.length != n || structuredMetadata.length != n) {
            throw new IllegalArgumentException("ts, lines and structuredMetadata differ in length");
        }
        if (from < 0 || from > to || to > n) {
            throw new IllegalArgumentException("entries [" + from + ", " + to + ") outside " + n);
        }
    }

    /** All entries of the arrays. */
    public StreamEntries(Labels labels, long[] ts, byte[][] lineBuffers, int[] lineOffsets, int[] lineLengths,
                         Labels[] structuredMetadata) {
        this(labels, ts, lineBuffers, lineOffsets, lineLengths, structuredMetadata, 0, ts.length);
    }

    /** Entries whose lines are whole arrays. */
    public StreamEntries(Labels labels, long[] ts, byte[][] lines, Labels[] structuredMetadata) {
        this(labels, ts, lines, new int[lines.length], lengths(lines), structuredMetadata);
    }

    private static int[] lengths(byte[][] lines) {
        int[] out = new int[lines.length];
        for (int i = 0; i < lines.length; i++) out[i] = lines[i].length;
        return out;
    }

    public int size() {
        return to - from;
    }

    /** Total bytes of all lines. */
    public long lineBytes() {
        long n = 0;
        for (int i = from; i < to; i++) n += lineLengths[i];
        return n;
    }
}
