package io.norn.ingester;

import io.norn.chunkenc.Codec;
import io.norn.model.Labels;
import org.junit.jupiter.api.Test;

import io.norn.chunkenc.Block;
import io.norn.chunkenc.DecodedBlock;
import io.norn.chunkenc.NgramFilter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StreamTest {
    static final IngesterConfig CFG = IngesterTest.smallConfig();
    static final Codec CODEC = Codec.zstd(1);

    static byte[] line(int k) {
        return ("line number " + k + " with some padding text").getBytes(StandardCharsets.UTF_8);
    }

    static final BlockSealer SPARES = new BlockSealer(1, 1);

    /** Appends, sealing a full block at once, as a push does when the sealer's queue is full. */
    static void append(Stream s, long ts, byte[] line, long segment) {
        if (s.append(ts, line, 0, line.length, Labels.EMPTY, segment, 0)) {
            s.handOff(SPARES).block(CODEC);
            s.settle(CFG, CODEC, SPARES);
        }
    }

    /** Appends, leaving full blocks to be sealed later; returns them. */
    static List<Stream.Sealing> appendDeferred(Stream s, int from, int to, long segment) {
        List<Stream.Sealing> out = new ArrayList<>();
        for (int k = from; k < to; k++) {
            byte[] line = line(k);
            if (s.append(IngesterTest.T + k, line, 0, line.length, Labels.EMPTY, segment, 0)) out.add(s.handOff(SPARES));
        }
        return out;
    }

    /** Every entry of the stream a query sees: its blocks and its raw snapshot, as {@code "ts line"} sorted by ts. */
    static List<String> visible(Stream s) throws Exception {
        List<Block> blocks = new ArrayList<>();
        List<DecodedBlock> raw = s.snapshot(Long.MIN_VALUE, Long.MAX_VALUE, blocks);
        List<String> out = new ArrayList<>();
        for (Block b : blocks) add(out, b.decodeMeta());
        for (DecodedBlock d : raw) add(out, d);
        out.sort(Comparator.comparingLong((String e) -> Long.parseLong(e.substring(0, e.indexOf(' ')))));
        return out;
    }

    /** Appends lines from WAL segment {@code segment} until the first block has closed; returns how many. */
    private static int fillFirstBlock(Stream s, long segment) {
        int k = 0;
        while (s.compressedBytes() == 0) {
            append(s, IngesterTest.T + k, line(k), segment);
            k++;
        }
        return k;
    }

    private static void add(List<String> out, DecodedBlock d) throws Exception {
        byte[] text = d.text();
        for (int i = 0; i < d.count(); i++) {
            out.add(d.ts(i) + " " + new String(text, d.lineOffset(i), d.lineLength(i), StandardCharsets.UTF_8));
        }
    }

    static List<String> expected(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int k = from; k < to; k++) out.add((IngesterTest.T + k) + " " + new String(line(k), StandardCharsets.UTF_8));
        return out;
    }

    @Test
    void theLastLineIsKeptBeyondThePushThatBroughtIt() {
        Stream s = new Stream(Labels.of("app", "api"), CFG.blockSizeBytes());
        byte[] request = "xxfirst linesecond line".getBytes(StandardCharsets.UTF_8);
        s.append(7, request, 2, 10, Labels.EMPTY, 1, 0);
        s.append(8, request, 12, 11, Labels.EMPTY, 1, 0);
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
        // Segment 3 while the first block fills and closes, then segment 5 for the entries of the open block.
        int k = fillFirstBlock(s, 3);
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

    @Test
    void blocksBeingSealedStayVisibleRawAndThenSealed() throws Exception {
        Stream s = new Stream(Labels.of("app", "api"), CFG.blockSizeBytes());
        List<Stream.Sealing> pending = appendDeferred(s, 0, 40, 3);
        assertThat(pending).hasSizeGreaterThan(2);
        assertThat(s.sealingCount()).isEqualTo(pending.size());
        // nothing sealed yet: every entry comes from the raw snapshot (blocks being sealed and the open block)
        assertThat(visible(s)).isEqualTo(expected(0, 40));
        long memory = s.memoryBytes();
        assertThat(memory).isGreaterThan(pending.size() * (long) CFG.blockSizeBytes());

        // sealed out of order by two threads: the newest is sealed but cannot settle before the oldest
        Stream.Sealing last = pending.getLast();
        assertThat(last.claim()).isTrue();
        last.seal(CODEC);
        assertThat(s.hasSealed()).isFalse();
        assertThat(s.settle(CFG, CODEC, SPARES)).isZero();
        assertThat(visible(s)).isEqualTo(expected(0, 40));

        for (Stream.Sealing p : pending) p.block(CODEC);
        assertThat(s.settle(CFG, CODEC, SPARES)).isZero();
        assertThat(s.sealingCount()).isZero();
        assertThat(s.compressedBytes()).isPositive();
        assertThat(s.memoryBytes()).isLessThan(memory);
        assertThat(visible(s)).isEqualTo(expected(0, 40));
    }

    @Test
    void settlingCutsChunksWhereInlineSealingWouldAndSeedsEachChunkAlike() throws Exception {
        Stream inline = new Stream(Labels.of("app", "api"), CFG.blockSizeBytes());
        for (int k = 0; k < 400; k++) append(inline, IngesterTest.T + k, line(k), 3);
        Stream deferred = new Stream(Labels.of("app", "api"), CFG.blockSizeBytes());
        List<Stream.Sealing> pending = appendDeferred(deferred, 0, 400, 3);
        // all handed over with the first chunk's seed, sealed newest first
        for (Stream.Sealing p : pending.reversed()) p.block(CODEC);
        int cuts = deferred.settle(CFG, CODEC, SPARES);

        assertThat(inline.cutChunks()).hasSizeGreaterThan(2);
        assertThat(cuts).isEqualTo(inline.cutChunks().size());
        assertThat(deferred.cutChunks()).hasSameSizeAs(inline.cutChunks());
        for (int i = 0; i < inline.cutChunks().size(); i++) {
            Chunk a = inline.cutChunks().get(i);
            Chunk b = deferred.cutChunks().get(i);
            assertThat(b.minTs()).isEqualTo(a.minTs());
            assertThat(b.maxTs()).isEqualTo(a.maxTs());
            assertThat(b.blocks()).hasSameSizeAs(a.blocks());
            for (int j = 0; j < a.blocks().size(); j++) assertThat(b.blocks().get(j).data()).isEqualTo(a.blocks().get(j).data());
            // one seed per chunk
            assertThat(NgramFilter.union(b.blocks().stream().map(Block::ngrams).toList())).isNotSameAs(NgramFilter.UNKNOWN);
        }
        // and a different seed from one chunk to the next
        List<NgramFilter> twoChunks = List.of(deferred.cutChunks().get(0).blocks().getFirst().ngrams(),
                deferred.cutChunks().get(1).blocks().getFirst().ngrams());
        assertThat(NgramFilter.union(twoChunks)).isSameAs(NgramFilter.UNKNOWN);
        assertThat(visible(deferred)).isEqualTo(expected(0, 400));
    }

    @Test
    void aForcedCutSealsThePendingBlocksAndKeepsTheWalOfNothingItDoesNotHold() throws Exception {
        Stream s = new Stream(Labels.of("app", "api"), CFG.blockSizeBytes());
        List<Stream.Sealing> pending = appendDeferred(s, 0, 10, 3);
        pending.addAll(appendDeferred(s, 10, 20, 4));
        assertThat(pending).isNotEmpty();
        // the blocks being sealed belong to the open chunk: their WAL segment must stay
        assertThat(s.firstUnflushedSegment()).isEqualTo(3);

        assertThat(s.maybeCut(0, true, false, CFG, CODEC, SPARES)).isTrue();
        assertThat(s.sealingCount()).isZero();
        List<String> all = new ArrayList<>();
        long prevMax = Long.MIN_VALUE;
        for (Chunk c : s.cutChunks()) {
            assertThat(c.minTs()).isGreaterThan(prevMax);
            prevMax = c.maxTs();
            for (Block b : c.blocks()) add(all, b.decodeMeta());
        }
        assertThat(all).isEqualTo(expected(0, 20));
        assertThat(s.firstUnflushedSegment()).isEqualTo(3);
        s.removeFlushed(s.cutChunks());
        assertThat(s.firstUnflushedSegment()).isEqualTo(Long.MAX_VALUE);
        assertThat(s.isEmpty()).isTrue();
    }

    @Test
    void cuttingClosedBlocksLeavesTheBlocksBeingSealedToTheNextChunk() throws Exception {
        Stream s = new Stream(Labels.of("app", "api"), CFG.blockSizeBytes());
        int k = fillFirstBlock(s, 3);
        int closedEntries = k;
        List<Stream.Sealing> pending = appendDeferred(s, k, k + 20, 5);
        assertThat(pending).isNotEmpty();

        assertThat(s.cutClosedBlocks()).isTrue();
        assertThat(s.cutChunks()).hasSize(1);
        assertThat(s.cutChunks().getFirst().maxTs()).isEqualTo(IngesterTest.T + closedEntries - 1);
        assertThat(s.firstUnflushedSegment()).isEqualTo(3);
        s.removeFlushed(s.cutChunks());
        assertThat(s.firstUnflushedSegment()).isEqualTo(5);
        assertThat(s.overlaps(IngesterTest.T + closedEntries, IngesterTest.T + closedEntries + 1)).isTrue();
        assertThat(s.overlaps(IngesterTest.T, IngesterTest.T + closedEntries)).isFalse();
        assertThat(visible(s)).isEqualTo(expected(closedEntries, k + 20));
    }

    @Test
    void firstBlocksAreStaggeredBetweenHalfAndAllOfTheBlockSize() {
        java.util.Set<Integer> firstSizes = new java.util.HashSet<>();
        for (int app = 0; app < 20; app++) {
            Stream s = new Stream(Labels.of("app", "app" + app), CFG.blockSizeBytes());
            List<Integer> sizes = new ArrayList<>();
            for (int k = 0; sizes.size() < 3; k++) {
                byte[] line = "x".getBytes(StandardCharsets.UTF_8);
                if (s.append(IngesterTest.T + k, line, 0, 1, Labels.EMPTY, 1, 0)) sizes.add(s.handOff(SPARES).raw.textBytes());
            }
            assertThat(sizes.getFirst()).isBetween(CFG.blockSizeBytes() / 2, CFG.blockSizeBytes());
            assertThat(sizes.subList(1, 3)).containsOnly(CFG.blockSizeBytes());
            firstSizes.add(sizes.getFirst());
        }
        assertThat(firstSizes).hasSizeGreaterThan(10);
    }
}
