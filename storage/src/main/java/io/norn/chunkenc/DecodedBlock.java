package io.norn.chunkenc;

import io.norn.encoding.CorruptionException;
import io.norn.logql.log.JsonColumns;
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
    private JsonColumns jsonColumns;
    private boolean jsonColumnsRead;

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

    /** The length of the line text, all lines together. */
    public int textLength() {
        return lineOffsets[lineOffsets.length - 1];
    }

    public byte[] text() throws CorruptionException {
        return text(null);
    }

    /**
     * The text, decompressed into {@code spare} on first access when that buffer is large enough (the caller gives
     * it up). The buffer may be longer than the text; lines are read by offset and length.
     */
    public byte[] text(byte[] spare) throws CorruptionException {
        if (text == null) text = block.decodeText(spare);
        return text;
    }

    /** The block's {@code | json} columns, decompressed on first access; null when it has none (or is head data). */
    public JsonColumns jsonColumns() throws CorruptionException {
        if (!jsonColumnsRead) {
            jsonColumns = block == null ? null : block.decodeJsonColumns();
            jsonColumnsRead = true;
        }
        return jsonColumns;
    }

    /** Whether the text is at hand (decompressed or never compressed). */
    public boolean hasText() {
        return text != null;
    }

    /**
     * Gives up the decompressed text so that its buffer can be reused for another block; null when there is none
     * or it cannot be decompressed again (head data). A later access decompresses again.
     */
    public byte[] releaseText() {
        if (block == null || text == null) return null;
        byte[] t = text;
        text = null;
        return t;
    }
}
