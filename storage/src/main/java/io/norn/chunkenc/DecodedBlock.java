package io.norn.chunkenc;

import io.norn.encoding.CorruptionException;
import io.norn.model.Labels;

/**
 * A block with its meta column decoded; the text is decompressed on first access to a line, so queries that
 * need only timestamps and sizes never decompress text. Not thread-safe; one per reader.
 */
public final class DecodedBlock {
    private final Block block;
    private final long[] ts;
    private final int[] lineOffsets;
    private final Labels[] structuredMetadata;
    private byte[] text;

    DecodedBlock(Block block, long[] ts, int[] lineOffsets, Labels[] structuredMetadata) {
        this.block = block;
        this.ts = ts;
        this.lineOffsets = lineOffsets;
        this.structuredMetadata = structuredMetadata;
    }

    /** For head data that was never compressed. */
    public static DecodedBlock ofRaw(long[] ts, int[] lineOffsets, Labels[] structuredMetadata, byte[] text) {
        DecodedBlock b = new DecodedBlock(null, ts, lineOffsets, structuredMetadata);
        b.text = text;
        return b;
    }

    public int count() {
        return ts.length;
    }

    public long ts(int i) {
        return ts[i];
    }

    public int lineOffset(int i) {
        return lineOffsets[i];
    }

    public int lineLength(int i) {
        return lineOffsets[i + 1] - lineOffsets[i];
    }

    public Labels structuredMetadata(int i) {
        return structuredMetadata == null ? Labels.EMPTY : structuredMetadata[i];
    }

    public byte[] text() throws CorruptionException {
        if (text == null) text = block.decodeText();
        return text;
    }
}
