package io.norn.chunkenc;

import io.norn.encoding.ByteWriter;

import java.util.ArrayList;
import java.util.List;

/** Serializes a chunk (a list of blocks of one stream) in the chunk format. Thread-safe (stateless). */
public final class ChunkWriter {
    private ChunkWriter() {
    }

    /** Appends the encoded chunk to {@code out}; returns the number of bytes written. */
    public static int write(List<Block> blocks, ByteWriter out) {
        if (blocks.isEmpty()) throw new IllegalArgumentException("a chunk needs at least one block");
        int start = out.length();
        int codec = blocks.getFirst().codec();
        out.u32(ChunkFormat.MAGIC).u8(ChunkFormat.VERSION_CURRENT).u8(codec).uvarint(blocks.size());
        for (Block b : blocks) {
            if (b.codec() != codec) throw new IllegalArgumentException("blocks of one chunk must share a codec");
            if (b.version() != ChunkFormat.VERSION_CURRENT) {
                throw new IllegalArgumentException("only blocks of the current format version can be written: " + b.version());
            }
            out.i64(b.minTs()).i64(b.maxTs()).uvarint(b.count()).uvarint(b.metaRawLen()).uvarint(b.metaLen())
                    .uvarint(b.textRawLen()).uvarint(b.textLen()).uvarint(b.jsonRawLen()).uvarint(b.jsonLen()).u32(b.crc());
        }
        List<NgramFilter> filters = new ArrayList<>(blocks.size());
        for (Block b : blocks) filters.add(b.ngrams());
        NgramFilter.union(filters).write(out);
        out.crcFrom(start);
        for (Block b : blocks) out.bytes(b.data(), b.metaOff(), b.storedBytes());
        return out.length() - start;
    }
}
