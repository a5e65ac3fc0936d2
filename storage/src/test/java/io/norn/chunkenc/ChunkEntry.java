package io.norn.chunkenc;

import io.norn.encoding.CorruptionException;
import io.norn.model.Labels;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One decoded entry, for comparing chunk contents in tests. */
record ChunkEntry(long ts, String line, Labels structuredMetadata) {
    static ChunkEntry of(long ts, String line) {
        return new ChunkEntry(ts, line, Labels.EMPTY);
    }

    /** Every entry of a decoded block, in block order. */
    static List<ChunkEntry> of(DecodedBlock d) throws CorruptionException {
        List<ChunkEntry> out = new ArrayList<>(d.count());
        byte[] text = d.text();
        for (int i = 0; i < d.count(); i++) {
            out.add(new ChunkEntry(d.ts(i), new String(text, d.lineOffset(i), d.lineLength(i), StandardCharsets.UTF_8),
                    d.structuredMetadata(i)));
        }
        return out;
    }

    /** Every entry of the blocks, decoding each (checksums included). */
    static List<ChunkEntry> of(List<Block> blocks) throws CorruptionException {
        List<ChunkEntry> out = new ArrayList<>();
        for (Block b : blocks) out.addAll(of(b.decodeMeta()));
        return out;
    }

    void appendTo(HeadBlock head) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        head.append(ts, b, 0, b.length, structuredMetadata);
    }
}
