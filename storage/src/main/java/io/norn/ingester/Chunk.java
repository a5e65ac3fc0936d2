package io.norn.ingester;

import io.norn.chunkenc.Block;

import java.util.List;

/** A cut chunk of one stream waiting to be flushed: its blocks and the oldest WAL segment holding its data. */
record Chunk(List<Block> blocks, long minTs, long maxTs, long firstWalSegment) {
    Chunk {
        blocks = List.copyOf(blocks);
    }

    int heapBytes() {
        int n = 0;
        for (Block b : blocks) n += b.heapBytes();
        return n;
    }
}
