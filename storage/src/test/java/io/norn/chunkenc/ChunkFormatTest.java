package io.norn.chunkenc;

import io.norn.encoding.ByteWriter;
import io.norn.encoding.CorruptionException;
import io.norn.encoding.GoldenFiles;
import io.norn.logql.log.JsonColumns;
import io.norn.model.Labels;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkFormatTest {
    /** Content of the committed golden chunks: two blocks, the second with structured metadata. */
    static final List<ChunkEntry> GOLDEN_BLOCK_1 = List.of(
            ChunkEntry.of(1_700_000_000_000_000_000L, "level=info msg=\"started\""),
            ChunkEntry.of(1_700_000_000_000_000_001L, "level=warn msg=\"slow\" duration=1.5s"),
            ChunkEntry.of(1_700_000_001_500_000_000L, ""),
            ChunkEntry.of(1_700_000_002_000_000_000L, "東京 ✓"));
    static final List<ChunkEntry> GOLDEN_BLOCK_2 = List.of(
            new ChunkEntry(1_700_000_003_000_000_000L, "GET /api 200", Labels.of("trace_id", "4bf92f3577b34da6")),
            ChunkEntry.of(1_700_000_003_000_000_000L, "GET /api 200 again"),
            new ChunkEntry(1_700_000_004_000_000_000L, "POST /api 500", Labels.of("trace_id", "00f067aa0ba902b7", "user", "alice")));

    private static List<Block> goldenBlocks(Codec codec) {
        HeadBlock h = new HeadBlock();
        // appended out of order and with a duplicate, as a stream head would see them
        List<ChunkEntry> first = new ArrayList<>(GOLDEN_BLOCK_1);
        first.add(first.get(1));
        java.util.Collections.reverse(first);
        for (ChunkEntry e : first) e.appendTo(h);
        Block b1 = h.cut(codec, "golden");
        for (ChunkEntry e : GOLDEN_BLOCK_2) e.appendTo(h);
        Block b2 = h.cut(codec, "golden");
        return List.of(b1, b2);
    }

    /** Lines of a block that gets a json column (written since version 4). */
    static final String LONG_MESSAGE = "x".repeat(io.norn.logql.log.JsonColumns.MAX_VALUE_LENGTH + 6);
    static final List<ChunkEntry> GOLDEN_JSON_BLOCK = List.of(
            ChunkEntry.of(1_700_000_005_000_000_000L, "{\"level\":\"info\",\"status\":200,\"ok\":true,\"user\":{\"id\":\"u1\"},\"tags\":[1],\"n\":null}"),
            ChunkEntry.of(1_700_000_006_000_000_000L, "{\"level\":\"error\",\"status\":503,\"msg\":\"" + LONG_MESSAGE + "\"}"),
            ChunkEntry.of(1_700_000_007_000_000_000L, "{\"path\":\"/a\\\"b\",\"status\":\"\"}"));

    /** The golden blocks and a block of JSON lines: what the writer writes today. */
    private static List<Block> currentBlocks(Codec codec) {
        HeadBlock h = new HeadBlock();
        for (ChunkEntry e : GOLDEN_JSON_BLOCK) e.appendTo(h);
        List<Block> blocks = new ArrayList<>(goldenBlocks(codec));
        blocks.add(h.cut(codec, "golden"));
        return blocks;
    }

    private static List<ChunkEntry> currentContent() {
        List<ChunkEntry> all = new ArrayList<>(goldenContent());
        all.addAll(GOLDEN_JSON_BLOCK);
        return all;
    }

    private static byte[] encode(List<Block> blocks) {
        ByteWriter w = new ByteWriter(256);
        int n = ChunkWriter.write(blocks, w);
        assertThat(n).isEqualTo(w.length());
        return w.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<ChunkEntry> goldenContent() {
        List<ChunkEntry> all = new ArrayList<>(GOLDEN_BLOCK_1);
        all.addAll(GOLDEN_BLOCK_2);
        return all;
    }

    @Test
    void writerAndReaderRoundTripSeveralBlocks() throws CorruptionException {
        byte[] chunk = encode(goldenBlocks(Codec.zstd(3)));

        List<Block> blocks = ChunkReader.read(chunk, 0, chunk.length, "test");

        assertThat(blocks).hasSize(2);
        assertThat(blocks.get(0).minTs()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(blocks.get(0).maxTs()).isEqualTo(1_700_000_002_000_000_000L);
        assertThat(blocks.get(0).count()).isEqualTo(4);
        assertThat(blocks.get(1).count()).isEqualTo(3);
        assertThat(ChunkEntry.of(blocks)).containsExactlyElementsOf(goldenContent());
    }

    @Test
    void readerHonoursOffsetAndLengthInsideALargerBuffer() throws CorruptionException {
        byte[] chunk = encode(goldenBlocks(Codec.none()));
        byte[] padded = new byte[chunk.length + 20];
        Arrays.fill(padded, (byte) 0x5A);
        System.arraycopy(chunk, 0, padded, 13, chunk.length);

        assertThat(ChunkEntry.of(ChunkReader.read(padded, 13, chunk.length, "test"))).containsExactlyElementsOf(goldenContent());
        assertThatThrownBy(() -> ChunkReader.read(padded, 13, chunk.length + 1, "test"))
                .isInstanceOf(CorruptionException.class).hasMessageContaining("1 trailing bytes after chunk");
    }

    @Test
    void writerRefusesEmptyChunksAndMixedCodecs() {
        Block zstd = goldenBlocks(Codec.zstd(1)).getFirst();
        Block none = goldenBlocks(Codec.none()).getFirst();
        assertThatThrownBy(() -> ChunkWriter.write(List.of(), new ByteWriter(16))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChunkWriter.write(List.of(zstd, none), new ByteWriter(16)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share a codec");
    }

    @Test
    void headerStartsWithMagicVersionAndCodec() {
        byte[] chunk = encode(goldenBlocks(Codec.zstd(3)));
        assertThat(Arrays.copyOf(chunk, 6)).containsExactly('N', 'R', 'N', 'C', ChunkFormat.VERSION_CURRENT, ChunkFormat.CODEC_ZSTD);
        assertThat(chunk[6]).as("block count uvarint").isEqualTo((byte) 2);
    }

    @Test
    void versionsOutsideTheSupportedRangeAreRejectedWithDistinctErrors() {
        byte[] chunk = encode(goldenBlocks(Codec.none()));
        byte[] old = chunk.clone();
        old[4] = 0;
        byte[] future = chunk.clone();
        future[4] = (byte) (ChunkFormat.VERSION_CURRENT + 1);
        byte[] notAChunk = chunk.clone();
        notAChunk[0] = 'X';
        assertThatThrownBy(() -> ChunkReader.read(old, 0, old.length, "f")).isInstanceOf(CorruptionException.class)
                .hasMessage("f at offset 4: chunk version too old: 0");
        assertThatThrownBy(() -> ChunkReader.read(future, 0, future.length, "f")).isInstanceOf(CorruptionException.class)
                .hasMessage("f at offset 4: chunk version too new: " + (ChunkFormat.VERSION_CURRENT + 1));
        assertThatThrownBy(() -> ChunkReader.read(notAChunk, 0, notAChunk.length, "f")).isInstanceOf(CorruptionException.class)
                .hasMessage("f at offset 0: not a chunk (bad magic)");
    }

    /** Decodes every block and its text; a corruption anywhere surfaces as the exception. */
    private static List<ChunkEntry> decodeAll(byte[] data, int len) throws CorruptionException {
        return ChunkEntry.of(ChunkReader.read(data, 0, len, "fuzz"));
    }

    @Test
    void everyFlippedByteIsDetectedOrHarmless() throws CorruptionException {
        for (Codec codec : List.of(Codec.zstd(3), Codec.none())) {
            byte[] chunk = encode(currentBlocks(codec));
            List<ChunkEntry> expected = decodeAll(chunk, chunk.length);
            int detected = 0;
            for (int i = 0; i < chunk.length; i++) {
                for (int mask : new int[] {0x01, 0x10, 0x80, 0xFF}) {
                    byte[] bad = chunk.clone();
                    bad[i] ^= (byte) mask;
                    try {
                        assertThat(decodeAll(bad, bad.length)).as("byte %d ^ %02x of codec %d", i, mask, codec.id())
                                .isEqualTo(expected);
                    } catch (CorruptionException e) {
                        assertThat(e.source()).isEqualTo("fuzz");
                        detected++;
                    }
                }
            }
            // Every byte of a chunk is covered by the header or a block checksum.
            assertThat(detected).as("codec %d", codec.id()).isEqualTo(chunk.length * 4);
        }
    }

    @Test
    void everyTruncationIsDetected() {
        for (Codec codec : List.of(Codec.zstd(3), Codec.none())) {
            byte[] chunk = encode(currentBlocks(codec));
            for (int len = 0; len < chunk.length; len++) {
                int cut = len;
                assertThatThrownBy(() -> decodeAll(chunk, cut)).as("truncated to %d of %d", cut, chunk.length)
                        .isInstanceOf(CorruptionException.class);
            }
        }
    }

    // ---- golden fixtures: version 1, read forever ----

    @Test
    void goldenChunksOfVersion1StillDecode() throws IOException {
        assertGoldenDecodes(1, List.of("chunk-v1-none.bin", "chunk-v1-zstd.bin"));
    }

    // ---- golden fixtures: version 2 (structured metadata as a per-block table of sets), read forever ----

    @Test
    void goldenChunksOfVersion2StillDecode() throws IOException {
        assertGoldenDecodes(2, List.of("chunk-v2-none.bin", "chunk-v2-zstd.bin"));
        for (Block b : ChunkReader.read(GoldenFiles.read("chunk-v2-none.bin"), 0, GoldenFiles.read("chunk-v2-none.bin").length, "v2")) {
            assertThat(b.ngrams()).isSameAs(NgramFilter.UNKNOWN);
        }
    }

    // ---- golden fixtures: version 3 (the chunk's n-gram filter in the header), read forever ----

    @Test
    void goldenChunksOfVersion3StillDecode() throws IOException {
        assertGoldenDecodes(3, List.of("chunk-v3-none.bin", "chunk-v3-zstd.bin"));
        byte[] golden = GoldenFiles.read("chunk-v3-zstd.bin");
        NgramFilter filter = ChunkReader.read(golden, 0, golden.length, "v3").getFirst().ngrams();
        assertThat(filter.mightContainAll(List.of(bytes("started"), bytes("duration")))).isTrue();
        assertThat(filter.mightContainAll(List.of(bytes("absent-from-every-line")))).isFalse();
        for (Block b : ChunkReader.read(golden, 0, golden.length, "v3")) assertThat(b.decodeMeta().jsonColumns()).isNull();
    }

    // ---- golden fixtures: version 4 (a json column in blocks of JSON lines), read forever ----

    @Test
    void goldenChunksOfVersion4StillDecode() throws IOException {
        if (GoldenFiles.rewrite()) {
            GoldenFiles.write("chunk-v4-none.bin", encode(currentBlocks(Codec.none())));
            GoldenFiles.write("chunk-v4-zstd.bin", encode(currentBlocks(Codec.zstd(3))));
        }
        for (String name : List.of("chunk-v4-none.bin", "chunk-v4-zstd.bin")) {
            byte[] golden = GoldenFiles.read(name);
            assertThat(golden[4]).as("%s version", name).isEqualTo((byte) 4);
            List<Block> blocks = ChunkReader.read(golden, 0, golden.length, name);
            assertThat(blocks).extracting(Block::count).containsExactly(4, 3, 3);
            assertThat(ChunkEntry.of(blocks)).as(name).containsExactlyElementsOf(currentContent());
            assertThat(blocks.get(0).decodeMeta().jsonColumns()).isNull();
            assertThat(blocks.get(1).decodeMeta().jsonColumns()).isNull();
            JsonColumns json = blocks.get(2).decodeMeta().jsonColumns();
            assertThat(columns(json)).as(name).containsExactly(
                    Map.entry("level", Arrays.asList("info", "error", null)),
                    Map.entry("status", Arrays.asList("200", "503", "")),
                    Map.entry("ok", Arrays.asList("true", null, null)),
                    Map.entry("user_id", Arrays.asList("u1", null, null)),
                    Map.entry("msg", List.of()),
                    Map.entry("path", Arrays.asList(null, null, "/a\"b")));
        }
    }

    /** Each column's values by entry (null: the entry lacks the label), or no values when they were not kept. */
    static Map<String, List<String>> columns(JsonColumns json) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int c = 0; c < json.size(); c++) {
            JsonColumns.Values v = json.values(c);
            List<String> values = new ArrayList<>();
            for (int i = 0; v != null && i < v.starts().length; i++) {
                values.add(v.starts()[i] < 0 ? null
                        : new String(v.bytes(), v.starts()[i], v.ends()[i] - v.starts()[i], java.nio.charset.StandardCharsets.UTF_8));
            }
            out.put(json.name(c), values);
        }
        return out;
    }

    private static void assertGoldenDecodes(int version, List<String> names) throws IOException {
        for (String name : names) {
            byte[] golden = GoldenFiles.read(name);
            assertThat(golden[4]).as("%s version", name).isEqualTo((byte) version);
            List<Block> blocks = ChunkReader.read(golden, 0, golden.length, name);
            assertThat(blocks).extracting(Block::count).containsExactly(4, 3);
            assertThat(blocks).extracting(Block::minTs).containsExactly(1_700_000_000_000_000_000L, 1_700_000_003_000_000_000L);
            assertThat(blocks).extracting(Block::maxTs).containsExactly(1_700_000_002_000_000_000L, 1_700_000_004_000_000_000L);
            assertThat(ChunkEntry.of(blocks)).as(name).containsExactlyElementsOf(goldenContent());
        }
    }

    @Test
    void uncompressedGoldenChunkIsWhatTheWriterStillWrites() throws IOException {
        // With no compression the bytes depend only on our format, so any writer change shows up here.
        assertThat(encode(currentBlocks(Codec.none()))).isEqualTo(GoldenFiles.read("chunk-v4-none.bin"));
    }
}
