package io.norn.store;

import io.norn.chunkenc.Block;
import io.norn.chunkenc.Codec;
import io.norn.chunkenc.DecodedBlock;
import io.norn.chunkenc.HeadBlock;
import io.norn.encoding.CorruptionException;
import io.norn.encoding.GoldenFiles;
import io.norn.model.LabelMatcher;
import io.norn.model.LabelMatcher.Type;
import io.norn.model.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileChunkStoreTest {
    private static final long DAY = StoreFormat.PERIOD_NANOS;
    private static final long T0 = 19_675 * DAY; // 2023-11-14T00:00:00Z
    private static final Labels API_PROD = Labels.of("app", "api", "env", "prod");
    private static final Labels WEB_PROD = Labels.of("app", "web", "env", "prod");
    private static final Labels API_DEV = Labels.of("app", "api", "env", "dev");
    private static final Labels DB = Labels.of("app", "db");

    @TempDir
    Path tmp;

    static String line(Labels l, long ts) {
        return l.get("app") + "@" + ts;
    }

    /** A chunk of {@code labels} with one entry per timestamp (line {@code app@ts}), split into blocks of two entries. */
    static ChunkStore.NewChunk chunk(Codec codec, Labels labels, long... ts) {
        HeadBlock h = new HeadBlock();
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < ts.length; i++) {
            byte[] b = line(labels, ts[i]).getBytes(StandardCharsets.UTF_8);
            h.append(ts[i], b, 0, b.length, Labels.EMPTY);
            if (h.count() == 2) blocks.add(h.cut(codec, "test"));
        }
        if (!h.isEmpty()) blocks.add(h.cut(codec, "test"));
        return new ChunkStore.NewChunk(labels, blocks, Arrays.stream(ts).min().orElseThrow(), Arrays.stream(ts).max().orElseThrow());
    }

    static ChunkStore.NewChunk chunk(Labels labels, long... ts) {
        return chunk(Codec.zstd(3), labels, ts);
    }

    /** Every stored entry of the selected series, as labels → "ts line" strings in chunk order. */
    static Map<String, List<String>> contents(ChunkStore store, String tenant, List<LabelMatcher> matchers, long from, long through)
            throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        for (ChunkStore.StoredSeries s : store.select(tenant, matchers, from, through)) {
            List<String> lines = out.computeIfAbsent(s.labels().toString(), k -> new ArrayList<>());
            for (ChunkRef ref : s.chunks()) {
                for (Block b : store.read(tenant, ref)) {
                    DecodedBlock d = b.decodeMeta();
                    byte[] text = d.text();
                    for (int i = 0; i < d.count(); i++) {
                        lines.add(d.ts(i) + " " + new String(text, d.lineOffset(i), d.lineLength(i), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return out;
    }

    static Map<String, List<String>> all(ChunkStore store, String tenant) throws IOException {
        return contents(store, tenant, List.of(), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static List<String> entries(Labels l, long... ts) {
        List<String> out = new ArrayList<>();
        for (long t : ts) out.add(t + " " + line(l, t));
        return out;
    }

    private static LabelMatcher m(Type t, String name, String value) {
        return LabelMatcher.of(t, name, value);
    }

    private static List<String> seriesOf(ChunkStore store, String tenant, LabelMatcher... ms) {
        return store.select(tenant, List.of(ms), Long.MIN_VALUE, Long.MAX_VALUE).stream().map(s -> s.labels().toString()).sorted().toList();
    }

    @Test
    void writtenChunksAreFoundByMatchersAndTimeAfterReopen() throws IOException {
        Path root = tmp.resolve("chunks");
        try (FileChunkStore store = new FileChunkStore(root, 1L << 30)) {
            store.write("t1", List.of(chunk(API_PROD, T0 + 100, T0 + 150, T0 + 200), chunk(WEB_PROD, T0 + 120),
                    chunk(API_DEV, T0 + 300, T0 + 310)));
            store.write("t1", List.of(chunk(API_PROD, T0 + 300, T0 + 400), chunk(DB, T0 + 500)));
            store.write("t2", List.of(chunk(API_PROD, T0 + 1)));
            // visible at once, before any reopen
            assertThat(all(store, "t1")).containsOnlyKeys(API_PROD.toString(), WEB_PROD.toString(), API_DEV.toString(), DB.toString());
        }
        try (FileChunkStore store = new FileChunkStore(root, 1L << 30)) {
            assertThat(seriesOf(store, "t1", m(Type.EQ, "app", "api"))).containsExactly(API_DEV.toString(), API_PROD.toString());
            assertThat(seriesOf(store, "t1", m(Type.NEQ, "env", "prod"))).containsExactly(API_DEV.toString(), DB.toString());
            assertThat(seriesOf(store, "t1", m(Type.RE, "app", "a.*|d.*"))).containsExactly(API_DEV.toString(), API_PROD.toString(), DB.toString());
            assertThat(seriesOf(store, "t1", m(Type.NRE, "app", "a.*"))).containsExactly(DB.toString(), WEB_PROD.toString());
            assertThat(seriesOf(store, "t1", m(Type.EQ, "env", ""))).containsExactly(DB.toString());
            assertThat(seriesOf(store, "t1", m(Type.EQ, "app", "api"), m(Type.NRE, "env", "d.*"))).containsExactly(API_PROD.toString());
            assertThat(seriesOf(store, "t2")).containsExactly(API_PROD.toString());
            assertThat(seriesOf(store, "nobody")).isEmpty();

            assertThat(contents(store, "t1", List.of(m(Type.EQ, "app", "api"), m(Type.EQ, "env", "prod")), Long.MIN_VALUE, Long.MAX_VALUE))
                    .containsExactly(Map.entry(API_PROD.toString(), entries(API_PROD, T0 + 100, T0 + 150, T0 + 200, T0 + 300, T0 + 400)));
            assertThat(all(store, "t2")).containsExactly(Map.entry(API_PROD.toString(), entries(API_PROD, T0 + 1)));

            // Time ranges are half-open [from, through) and select whole chunks that overlap.
            List<LabelMatcher> api = List.of(m(Type.EQ, "app", "api"), m(Type.EQ, "env", "prod"));
            assertThat(store.select("t1", api, T0 + 201, T0 + 300)).isEmpty();
            assertThat(store.select("t1", api, T0 + 200, T0 + 300).getFirst().chunks()).extracting(ChunkRef::minTs).containsExactly(T0 + 100);
            assertThat(store.select("t1", api, T0 + 201, T0 + 301).getFirst().chunks()).extracting(ChunkRef::minTs).containsExactly(T0 + 300);
            assertThat(store.select("t1", api, T0, T0 + 1000).getFirst().chunks()).extracting(ChunkRef::entries).containsExactly(3, 2);
            assertThat(store.select("t1", List.of(m(Type.EQ, "app", "db")), T0, T0 + 500)).isEmpty();
        }
    }

    @Test
    void chunksLandInTheDayOfTheirFirstEntryAndSegmentsRollBySize() throws IOException {
        Path root = tmp.resolve("chunks");
        try (FileChunkStore store = new FileChunkStore(root, 200)) {
            for (int i = 0; i < 6; i++) store.write("t1", List.of(chunk(API_PROD, T0 + i * 10, T0 + i * 10 + 1, T0 + i * 10 + 2)));
            store.write("t1", List.of(chunk(API_PROD, T0 + DAY - 1, T0 + DAY + 5), chunk(DB, T0 - 1)));
        }
        Path period = root.resolve("t1").resolve("19675");
        assertThat(listNames(period)).contains("index.log", "segment-000001.seg", "segment-000002.seg");
        assertThat(listNames(root.resolve("t1").resolve("19674"))).containsExactly("index.log", "segment-000001.seg");
        assertThat(Files.exists(root.resolve("t1").resolve("19676"))).isFalse();

        try (FileChunkStore store = new FileChunkStore(root, 200)) {
            List<ChunkRef> refs = store.select("t1", List.of(m(Type.EQ, "env", "prod")), Long.MIN_VALUE, Long.MAX_VALUE).getFirst().chunks();
            assertThat(refs).hasSize(7);
            assertThat(refs).extracting(ChunkRef::period).containsOnly(19_675L);
            assertThat(refs.stream().mapToInt(ChunkRef::segment).distinct().count()).isGreaterThan(1);
            assertThat(all(store, "t1").get(API_PROD.toString())).hasSize(20).endsWith(T0 + DAY - 1 + " api@" + (T0 + DAY - 1),
                    T0 + DAY + 5 + " api@" + (T0 + DAY + 5));
            // the reopened store appends to the last segment
            int before = listNames(period).size();
            store.write("t1", List.of(chunk(WEB_PROD, T0 + 7)));
            assertThat(listNames(period)).hasSize(before);
        }
        try (FileChunkStore store = new FileChunkStore(root, 200)) {
            assertThat(all(store, "t1").get(WEB_PROD.toString())).containsExactly(T0 + 7 + " web@" + (T0 + 7));
            assertThat(all(store, "t1").get(DB.toString())).containsExactly(T0 - 1 + " db@" + (T0 - 1));
        }
    }

    static List<String> listNames(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Three flushes into one period; returns the index.log size after each (index 0: the header alone). */
    private static long[] threeFlushes(Path root) throws IOException {
        long[] sizes = new long[4];
        Path index = root.resolve("t1").resolve("19675").resolve("index.log");
        try (FileChunkStore store = new FileChunkStore(root, 1L << 30)) {
            store.write("t1", List.of(chunk(API_PROD, T0 + 1, T0 + 2)));
            sizes[1] = Files.size(index);
            store.write("t1", List.of(chunk(WEB_PROD, T0 + 3), chunk(DB, T0 + 4)));
            sizes[2] = Files.size(index);
            store.write("t1", List.of(chunk(API_DEV, T0 + 5, T0 + 6)));
            sizes[3] = Files.size(index);
        }
        sizes[0] = StoreFormat.HEADER_BYTES;
        return sizes;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }

    @Test
    void aTornIndexTailIsTruncatedOnOpenAtEveryOffset() throws IOException {
        Path template = tmp.resolve("template");
        long[] sizes = threeFlushes(template);
        for (long cut = sizes[2] + 1; cut < sizes[3]; cut++) {
            Path root = tmp.resolve("torn-" + cut);
            copyTree(template, root);
            Path index = root.resolve("t1").resolve("19675").resolve("index.log");
            try (var ch = Files.newByteChannel(index, StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            try (FileChunkStore store = new FileChunkStore(root, 1L << 30)) {
                assertThat(all(store, "t1")).as("cut at %d", cut).containsOnlyKeys(API_PROD.toString(), WEB_PROD.toString(), DB.toString());
                assertThat(Files.size(index)).isEqualTo(sizes[2]);
                // new records go after the intact prefix
                store.write("t1", List.of(chunk(API_DEV, T0 + 9)));
            }
            try (FileChunkStore store = new FileChunkStore(root, 1L << 30)) {
                assertThat(all(store, "t1").get(API_DEV.toString())).containsExactly(T0 + 9 + " api@" + (T0 + 9));
                assertThat(all(store, "t1")).hasSize(4);
            }
        }
    }

    @Test
    void aFlippedByteInAnIndexRecordDropsItAndEverythingAfter() throws IOException {
        Path template = tmp.resolve("template");
        long[] sizes = threeFlushes(template);
        for (long at = sizes[1]; at < sizes[2]; at++) {
            Path root = tmp.resolve("flip-" + at);
            copyTree(template, root);
            Path index = root.resolve("t1").resolve("19675").resolve("index.log");
            byte[] data = Files.readAllBytes(index);
            data[(int) at] ^= 0x20;
            Files.write(index, data);
            try (FileChunkStore store = new FileChunkStore(root, 1L << 30)) {
                assertThat(all(store, "t1")).as("flip at %d", at).containsOnlyKeys(API_PROD.toString());
            }
            assertThat(Files.size(index)).isEqualTo(sizes[1]);
        }
    }

    @Test
    void aDamagedIndexHeaderFailsTheOpenLoudly() throws IOException {
        Path root = tmp.resolve("chunks");
        threeFlushes(root);
        Path index = root.resolve("t1").resolve("19675").resolve("index.log");
        byte[] data = Files.readAllBytes(index);
        data[4] = 2;
        Files.write(index, data);
        assertThatThrownBy(() -> new FileChunkStore(root, 1L << 30)).isInstanceOf(CorruptionException.class)
                .hasMessageContaining("index version too new: 2");
        data[0] = 0;
        Files.write(index, data);
        assertThatThrownBy(() -> new FileChunkStore(root, 1L << 30)).isInstanceOf(CorruptionException.class)
                .hasMessageContaining("not an index log");
    }

    @Test
    void segmentBytesAfterTheLastIndexedChunkAreIgnored() throws IOException {
        Path root = tmp.resolve("chunks");
        try (FileChunkStore store = new FileChunkStore(root, 1L << 30)) {
            store.write("t1", List.of(chunk(API_PROD, T0 + 1, T0 + 2, T0 + 3)));
        }
        // A flush that wrote chunk data but crashed before its index record.
        Path segment = root.resolve("t1").resolve("19675").resolve("segment-000001.seg");
        byte[] orphan = new byte[777];
        Arrays.fill(orphan, (byte) 0xA5);
        Files.write(segment, orphan, StandardOpenOption.APPEND);
        try (FileChunkStore store = new FileChunkStore(root, 1L << 30)) {
            assertThat(all(store, "t1")).containsExactly(Map.entry(API_PROD.toString(), entries(API_PROD, T0 + 1, T0 + 2, T0 + 3)));
            store.write("t1", List.of(chunk(API_PROD, T0 + 4)));
        }
        try (FileChunkStore store = new FileChunkStore(root, 1L << 30)) {
            assertThat(all(store, "t1")).containsExactly(Map.entry(API_PROD.toString(), entries(API_PROD, T0 + 1, T0 + 2, T0 + 3, T0 + 4)));
        }
    }

    @Test
    void damagedChunkDataSurfacesAsCorruptionWhenRead() throws IOException {
        Path root = tmp.resolve("chunks");
        try (FileChunkStore store = new FileChunkStore(root, 1L << 30)) {
            store.write("t1", List.of(chunk(API_PROD, T0 + 1, T0 + 2, T0 + 3)));
        }
        Path segment = root.resolve("t1").resolve("19675").resolve("segment-000001.seg");
        byte[] clean = Files.readAllBytes(segment);
        for (int at = StoreFormat.HEADER_BYTES; at < clean.length; at++) {
            byte[] bad = clean.clone();
            bad[at] ^= 0x01;
            Files.write(segment, bad);
            try (FileChunkStore store = new FileChunkStore(root, 1L << 30)) {
                int offset = at;
                assertThatThrownBy(() -> all(store, "t1")).as("flip at %d", offset).isInstanceOf(CorruptionException.class)
                        .hasMessageContaining("segment-000001.seg");
            }
        }
    }

    @Test
    void leftoverTemporaryFilesOfAnInterruptedPeriodCreationAreRemoved() throws IOException {
        Path root = tmp.resolve("chunks");
        Path period = root.resolve("t1").resolve("19675");
        Files.createDirectories(period);
        // A crash while the period's first files were being published leaves only temporary files.
        Files.write(period.resolve("index.log.tmp"), new byte[] {'N', 'R'});
        Files.write(period.resolve("segment-000001.seg.tmp"), new byte[0]);
        try (FileChunkStore store = new FileChunkStore(root, 1L << 30)) {
            assertThat(listNames(period)).isEmpty();
            assertThat(all(store, "t1")).isEmpty();
            store.write("t1", List.of(chunk(API_PROD, T0 + 1)));
        }
        assertThat(listNames(period)).containsExactly("index.log", "segment-000001.seg");
        try (FileChunkStore store = new FileChunkStore(root, 1L << 30)) {
            assertThat(all(store, "t1")).containsExactly(Map.entry(API_PROD.toString(), entries(API_PROD, T0 + 1)));
        }
    }

    @Test
    void everyWrittenFileStartsWithItsHeader() throws IOException {
        Path root = tmp.resolve("chunks");
        try (FileChunkStore store = new FileChunkStore(root, 100)) {
            for (int i = 0; i < 4; i++) store.write("t1", List.of(chunk(API_PROD, T0 + i)));
        }
        Path period = root.resolve("t1").resolve("19675");
        for (String name : listNames(period)) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(period.resolve(name)), 5);
            byte kind = name.equals("index.log") ? (byte) 'X' : (byte) 'S';
            assertThat(head).as(name).containsExactly('N', 'R', 'N', kind, 1);
        }
    }

    // ---- golden fixture ----

    private static void writeGoldenStore(Path root) throws IOException {
        try (FileChunkStore store = new FileChunkStore(root, 1L << 30)) {
            store.write("tenant-a", List.of(chunk(Codec.none(), API_PROD, T0 + 1_000, T0 + 2_000, T0 + 3_000)));
            store.write("tenant-a", List.of(chunk(Codec.none(), DB, T0 + 2_500)));
        }
    }

    private static final String[] GOLDEN_FILES = {"tenant-a/19675/index.log", "tenant-a/19675/segment-000001.seg"};

    @Test
    void goldenStoreOfVersion1StillReads() throws IOException {
        assertGoldenStoreReads("store-v1");
    }

    /** Version 2 chunks (structured metadata as per-block sets) in a version 1 store layout. */
    @Test
    void goldenStoreWithVersion2ChunksStillReads() throws IOException {
        assertGoldenStoreReads("store-v2");
    }

    /** Version 3 chunks (with n-gram filters) in a version 1 store layout. */
    @Test
    void goldenStoreWithVersion3ChunksStillReads() throws IOException {
        assertGoldenStoreReads("store-v3");
    }

    /** Version 4 chunks (json columns where the lines are JSON) in a version 1 store layout: what the writer writes today. */
    @Test
    void goldenStoreWithVersion4ChunksStillReads() throws IOException {
        if (GoldenFiles.rewrite()) {
            Path fresh = tmp.resolve("new");
            writeGoldenStore(fresh);
            for (String f : GOLDEN_FILES) GoldenFiles.write("store-v4/" + f, Files.readAllBytes(fresh.resolve(f)));
        }
        Path root = assertGoldenStoreReads("store-v4");
        Path fresh = tmp.resolve("fresh");
        writeGoldenStore(fresh);
        for (String f : GOLDEN_FILES) {
            assertThat(Files.readAllBytes(fresh.resolve(f))).as("the writer still writes these bytes: %s", f)
                    .isEqualTo(Files.readAllBytes(root.resolve(f)));
        }
    }

    private Path assertGoldenStoreReads(String fixture) throws IOException {
        Path root = tmp.resolve("golden-" + fixture);
        for (String f : GOLDEN_FILES) GoldenFiles.copy(fixture + "/" + f, root.resolve(f));
        try (FileChunkStore store = new FileChunkStore(root, 1L << 30)) {
            assertThat(all(store, "tenant-a")).containsExactly(
                    Map.entry(API_PROD.toString(), entries(API_PROD, T0 + 1_000, T0 + 2_000, T0 + 3_000)),
                    Map.entry(DB.toString(), entries(DB, T0 + 2_500)));
            ChunkRef ref = store.select("tenant-a", List.of(m(Type.EQ, "app", "db")), T0, T0 + DAY).getFirst().chunks().getFirst();
            assertThat(ref.segment()).isEqualTo(1);
            assertThat(ref.offset()).isGreaterThan(StoreFormat.HEADER_BYTES);
            assertThat(ref.entries()).isEqualTo(1);
        }
        return root;
    }
}
