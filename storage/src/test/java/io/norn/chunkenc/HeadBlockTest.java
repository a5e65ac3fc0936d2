package io.norn.chunkenc;

import io.norn.encoding.CorruptionException;
import io.norn.model.Labels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class HeadBlockTest {
    private static Codec codec(String name) {
        return switch (name) {
            case "zstd" -> Codec.zstd(3);
            case "none" -> Codec.none();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static HeadBlock headOf(List<ChunkEntry> entries) {
        HeadBlock h = new HeadBlock();
        for (ChunkEntry e : entries) e.appendTo(h);
        return h;
    }

    @ParameterizedTest
    @ValueSource(strings = {"zstd", "none"})
    void orderedAppendsRoundTripThroughCut(String codecName) throws CorruptionException {
        List<ChunkEntry> in = List.of(ChunkEntry.of(10, "first"), ChunkEntry.of(20, "second"), ChunkEntry.of(20, "same ts, other line"),
                ChunkEntry.of(35, ""), ChunkEntry.of(1_700_000_000_123_456_789L, "utf-8: 東京 ✓"));
        HeadBlock h = headOf(in);
        assertThat(h.count()).isEqualTo(5);
        assertThat(h.minTs()).isEqualTo(10);
        assertThat(h.maxTs()).isEqualTo(1_700_000_000_123_456_789L);

        Block b = h.cut(codec(codecName), "test");

        assertThat(b.codec()).isEqualTo(codec(codecName).id());
        assertThat(b.count()).isEqualTo(5);
        assertThat(b.minTs()).isEqualTo(10);
        assertThat(b.maxTs()).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(ChunkEntry.of(b.decodeMeta())).containsExactlyElementsOf(in);
        assertThat(h.isEmpty()).isTrue();
        assertThat(h.textBytes()).isZero();
    }

    @Test
    void outOfOrderAppendsAreSortedStablyByTimestamp() throws CorruptionException {
        HeadBlock h = headOf(List.of(ChunkEntry.of(30, "c"), ChunkEntry.of(10, "a1"), ChunkEntry.of(20, "b"),
                ChunkEntry.of(10, "a2"), ChunkEntry.of(-5, "before epoch"), ChunkEntry.of(30, "c2")));
        assertThat(h.minTs()).isEqualTo(-5);
        assertThat(h.maxTs()).isEqualTo(30);

        Block b = h.cut(Codec.zstd(1), "test");

        assertThat(ChunkEntry.of(b.decodeMeta())).containsExactly(ChunkEntry.of(-5, "before epoch"), ChunkEntry.of(10, "a1"),
                ChunkEntry.of(10, "a2"), ChunkEntry.of(20, "b"), ChunkEntry.of(30, "c"), ChunkEntry.of(30, "c2"));
        assertThat(b.minTs()).isEqualTo(-5);
        assertThat(b.maxTs()).isEqualTo(30);
    }

    @Test
    void exactDuplicatesAreDroppedButNearDuplicatesKept() throws CorruptionException {
        Labels sm = Labels.of("trace_id", "abc");
        HeadBlock h = headOf(List.of(ChunkEntry.of(10, "x"), ChunkEntry.of(20, "y"), ChunkEntry.of(10, "x"),
                ChunkEntry.of(10, "x "), new ChunkEntry(10, "x", sm), new ChunkEntry(10, "x", sm), ChunkEntry.of(11, "x"),
                ChunkEntry.of(20, "y")));

        List<ChunkEntry> expected = List.of(ChunkEntry.of(10, "x"), ChunkEntry.of(10, "x "), new ChunkEntry(10, "x", sm),
                ChunkEntry.of(11, "x"), ChunkEntry.of(20, "y"));
        assertThat(ChunkEntry.of(h.snapshot(Long.MIN_VALUE, Long.MAX_VALUE))).containsExactlyElementsOf(expected);
        Block b = h.cut(Codec.zstd(1), "test");
        assertThat(b.count()).isEqualTo(5);
        assertThat(ChunkEntry.of(b.decodeMeta())).containsExactlyElementsOf(expected);
    }

    @Test
    void duplicatesAppendedInOrderAreDroppedToo() throws CorruptionException {
        HeadBlock h = headOf(List.of(ChunkEntry.of(5, "a"), ChunkEntry.of(10, "x"), ChunkEntry.of(10, "y"), ChunkEntry.of(10, "x"),
                ChunkEntry.of(12, "z")));

        List<ChunkEntry> expected = List.of(ChunkEntry.of(5, "a"), ChunkEntry.of(10, "x"), ChunkEntry.of(10, "y"), ChunkEntry.of(12, "z"));
        assertThat(ChunkEntry.of(h.snapshot(Long.MIN_VALUE, Long.MAX_VALUE))).containsExactlyElementsOf(expected);
        Block b = h.cut(Codec.zstd(1), "test");
        assertThat(ChunkEntry.of(b.decodeMeta())).containsExactlyElementsOf(expected);
    }

    @Test
    void structuredMetadataRoundTripsAndEntriesWithoutItReadAsEmpty() throws CorruptionException {
        List<ChunkEntry> in = List.of(ChunkEntry.of(1, "plain"),
                new ChunkEntry(2, "with", Labels.of("trace_id", "0af7651916cd43dd", "user", "ünïcode")),
                ChunkEntry.of(3, "plain again"),
                new ChunkEntry(4, "one pair", Labels.of("pod", "")));
        Block b = headOf(in).cut(Codec.zstd(3), "test");
        assertThat(ChunkEntry.of(b.decodeMeta())).containsExactlyElementsOf(in);
    }

    @Test
    void cutResetsStructuredMetadataForTheNextBlock() throws CorruptionException {
        HeadBlock h = new HeadBlock();
        new ChunkEntry(1, "a", Labels.of("k", "v")).appendTo(h);
        h.cut(Codec.none(), "test");
        ChunkEntry.of(2, "b").appendTo(h);
        Block b = h.cut(Codec.none(), "test");

        // Without structured metadata the meta column ends with the "none" flag.
        byte[] meta = new byte[b.metaRawLen()];
        System.arraycopy(b.data(), b.metaOff(), meta, 0, b.metaRawLen());
        assertThat(meta[meta.length - 1]).isEqualTo((byte) ChunkFormat.META_NO_STRUCTURED_METADATA);
        assertThat(ChunkEntry.of(b.decodeMeta())).containsExactly(ChunkEntry.of(2, "b"));
    }

    @Test
    void manyEntriesGrowTheBuffersAndMetadataStartingLateIsKept() throws CorruptionException {
        Random rnd = new Random(7);
        List<ChunkEntry> in = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            long ts = 1_000_000L + rnd.nextInt(100_000);
            String line = "line " + i + " " + "x".repeat(rnd.nextInt(40));
            Labels sm = i >= 300 && i % 7 == 0 ? Labels.of("i", Integer.toString(i)) : Labels.EMPTY;
            in.add(new ChunkEntry(ts, line, sm));
        }
        HeadBlock h = headOf(in);
        assertThat(h.textBytes()).isEqualTo(in.stream().mapToInt(e -> e.line().getBytes(StandardCharsets.UTF_8).length).sum());

        Block b = h.cut(Codec.zstd(3), "test");

        List<ChunkEntry> expected = new ArrayList<>(in);
        expected.sort(Comparator.comparingLong(ChunkEntry::ts)); // stable: equal timestamps keep arrival order
        assertThat(ChunkEntry.of(b.decodeMeta())).containsExactlyElementsOf(expected);
    }

    @Test
    void snapshotIsSortedHalfOpenAndLeavesTheHeadIntact() throws CorruptionException {
        HeadBlock h = headOf(List.of(ChunkEntry.of(50, "e"), ChunkEntry.of(10, "a"), ChunkEntry.of(30, "c"),
                new ChunkEntry(20, "b", Labels.of("k", "v")), ChunkEntry.of(40, "d"), ChunkEntry.of(30, "c")));

        assertThat(ChunkEntry.of(h.snapshot(20, 50))).containsExactly(new ChunkEntry(20, "b", Labels.of("k", "v")),
                ChunkEntry.of(30, "c"), ChunkEntry.of(40, "d"));
        assertThat(ChunkEntry.of(h.snapshot(51, 100))).isEmpty();
        assertThat(ChunkEntry.of(h.snapshot(Long.MIN_VALUE, Long.MAX_VALUE))).hasSize(5);
        assertThat(h.count()).isEqualTo(6);

        HeadBlock plain = headOf(List.of(ChunkEntry.of(2, "y"), ChunkEntry.of(1, "x")));
        assertThat(ChunkEntry.of(plain.snapshot(0, 10))).containsExactly(ChunkEntry.of(1, "x"), ChunkEntry.of(2, "y"));
        assertThat(ChunkEntry.of(h.cut(Codec.none(), "test").decodeMeta())).hasSize(5);
    }

    @Test
    void inOrderSnapshotKeepsItsLinesThroughLaterAppendsAndCuts() throws CorruptionException {
        HeadBlock h = new HeadBlock(64);
        for (int i = 0; i < 4; i++) ChunkEntry.of(10 + i, "line-" + i).appendTo(h);
        DecodedBlock snap = h.snapshot(11, 13);
        List<ChunkEntry> expected = List.of(ChunkEntry.of(11, "line-1"), ChunkEntry.of(12, "line-2"));
        assertThat(ChunkEntry.of(snap)).containsExactlyElementsOf(expected);

        ChunkEntry.of(14, "appended after the snapshot").appendTo(h);
        assertThat(ChunkEntry.of(snap)).containsExactlyElementsOf(expected);
        h.cut(Codec.none(), "test");
        // the next block's lines would land where the snapshot's lines are if the buffer were reused
        for (int i = 0; i < 4; i++) ChunkEntry.of(20 + i, "XXXXXX-" + i).appendTo(h);
        assertThat(ChunkEntry.of(snap)).containsExactlyElementsOf(expected);
        assertThat(ChunkEntry.of(h.snapshot(0, 100))).hasSize(4).first().isEqualTo(ChunkEntry.of(20, "XXXXXX-0"));
    }
}
