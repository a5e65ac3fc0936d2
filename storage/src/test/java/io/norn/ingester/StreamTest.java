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

    static void append(Stream s, long ts, byte[] line, long segment) {
        s.append(ts, line, 0, line.length, Labels.EMPTY, segment, 0, CFG, CODEC);
    }

    @Test
    void theLastLineIsKeptBeyondThePushThatBroughtIt() {
        Stream s = new Stream(Labels.of("app", "api"), CFG.blockSizeBytes());
        byte[] request = "xxfirst linesecond line".getBytes(StandardCharsets.UTF_8);
        s.append(7, request, 2, 10, Labels.EMPTY, 1, 0, CFG, CODEC);
        s.append(8, request, 12, 11, Labels.EMPTY, 1, 0, CFG, CODEC);
        assertThat(s.isRepeatOfLast(8, request, 12, 11)).isTrue();
        s.keepLast();
        java.util.Arrays.fill(request, (byte) 'z');

        byte[] again = "second line".getBytes(StandardCharsets.UTF_8);
        assertThat(s.isRepeatOfLast(8, again, 0, again.length)).isTrue();
        assertThat(s.isRepeatOfLast(9, again, 0, again.length)).isFalse();
        assertThat(s.isRepeatOfLast(8, again, 0, again.length - 1)).isFalse();
        byte[] other = "second lind".getBytes(StandardCharsets.UTF_8);
        assertThat(s.isRepeatOfLast(8, other, 0, other.length)).isFalse();
    }

    @Test
    void cuttingClosedBlocksKeepsTheOpenBlockAsTheNextChunk() {
        Stream s = new Stream(Labels.of("app", "api"), CFG.blockSizeBytes());
        int k = 0;
        // Segment 3 while the first block fills and closes, then segment 5 for the entries of the open block.
        while (s.compressedBytes() == 0) {
            append(s, IngesterTest.T + k, line(k), 3);
            k++;
        }
        int closedEntries = k;
        append(s, IngesterTest.T + k, line(k), 5);
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
