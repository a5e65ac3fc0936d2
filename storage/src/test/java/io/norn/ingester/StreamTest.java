package io.norn.ingester;

import io.norn.chunkenc.Codec;
import io.norn.model.Labels;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class StreamTest {
    static final IngesterConfig CFG = IngesterTest.smallConfig();
    static final Codec CODEC = Codec.zstd(1);

    static byte[] line(int k) {
        return ("line number " + k + " with some padding text").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void cuttingClosedBlocksKeepsTheOpenBlockAsTheNextChunk() {
        Stream s = new Stream(Labels.of("app", "api"), CFG.blockSizeBytes());
        int k = 0;
        // Segment 3 while the first block fills and closes, then segment 5 for the entries of the open block.
        while (s.compressedBytes() == 0) {
            s.append(IngesterTest.T + k, line(k), Labels.EMPTY, 3, 0, CFG, CODEC);
            k++;
        }
        int closedEntries = k;
        s.append(IngesterTest.T + k, line(k), Labels.EMPTY, 5, 0, CFG, CODEC);
        k++;

        assertThat(s.cutClosedBlocks()).isTrue();
        assertThat(s.cutChunks()).hasSize(1);
        Chunk c = s.cutChunks().getFirst();
        assertThat(c.minTs()).isEqualTo(IngesterTest.T);
        assertThat(c.maxTs()).isEqualTo(IngesterTest.T + closedEntries - 1);
        assertThat(c.firstWalSegment()).isEqualTo(3);
        assertThat(s.cutClosedBlocks()).isFalse();

        s.removeFlushed(s.cutChunks());
        assertThat(s.compressedBytes()).isZero();
        assertThat(s.isEmpty()).isFalse();
        // Only the open block's data is left unflushed: segment 3 may go, segment 5 must stay.
        assertThat(s.firstUnflushedSegment()).isEqualTo(5);
        assertThat(s.overlaps(IngesterTest.T + k - 1, IngesterTest.T + k)).isTrue();
        assertThat(s.overlaps(IngesterTest.T, IngesterTest.T + closedEntries)).isFalse();
    }
}
