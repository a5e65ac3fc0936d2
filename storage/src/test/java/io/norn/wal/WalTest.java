package io.norn.wal;

import io.norn.encoding.GoldenFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WalTest {
    private static final long BIG_SEGMENT = 1L << 30;

    @TempDir
    Path tmp;

    /** One replayed record. */
    record Replayed(long segment, int type, String payload) {
    }

    private static List<Replayed> replay(Path dir) throws IOException {
        List<Replayed> out = new ArrayList<>();
        WalReader.replay(dir, (segment, type, buf, off, len) ->
                out.add(new Replayed(segment, type, new String(buf, off, len, StandardCharsets.UTF_8))));
        return out;
    }

    private static long append(WalWriter w, String payload) throws Exception {
        byte[] b = payload.getBytes(StandardCharsets.UTF_8);
        return w.append(WalFormat.RECORD_ENTRIES_V1, b, 0, b.length).get();
    }

    private static List<String> payloads(List<Replayed> records) {
        return records.stream().map(Replayed::payload).toList();
    }

    private static List<String> fileNames(Path dir) throws IOException {
        return WalFiles.segments(dir).stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    void recordBuffersAreReusedOnlyAfterTheirRecordIsDurable() throws Exception {
        Path dir = tmp.resolve("wal");
        try (WalWriter w = new WalWriter(dir, 0, BIG_SEGMENT, 16, n -> { })) {
            io.norn.encoding.ByteWriter first = w.newRecord(64);
            first.bytes("a long first record payload".getBytes(StandardCharsets.UTF_8));
            w.append(WalFormat.RECORD_ENTRIES_V1, first).get();
            io.norn.encoding.ByteWriter second = w.newRecord(8);
            assertThat(second).isSameAs(first);
            assertThat(second.length()).isEqualTo(WalFormat.RECORD_HEADER_BYTES);
            second.bytes("short".getBytes(StandardCharsets.UTF_8));
            w.append(WalFormat.RECORD_ENTRIES_V1, second).get();
            io.norn.encoding.ByteWriter unused = w.newRecord(8);
            w.recycle(unused);
            assertThat(w.newRecord(8)).isSameAs(unused);
        }
        assertThat(payloads(replay(dir))).containsExactly("a long first record payload", "short");
    }

    @Test
    void recordsWrittenAreReplayedInOrderWithTheirSegment() throws Exception {
        Path dir = tmp.resolve("wal");
        try (WalWriter w = new WalWriter(dir, 0, BIG_SEGMENT, 16, n -> { })) {
            assertThat(w.currentSegment()).isEqualTo(1);
            assertThat(append(w, "one")).isEqualTo(1);
            assertThat(append(w, "")).isEqualTo(1);
            assertThat(append(w, "three ✓")).isEqualTo(1);
        }
        assertThat(fileNames(dir)).containsExactly("00000001.wal");
        assertThat(Files.size(dir.resolve("00000001.wal"))).isEqualTo(WalFormat.HEADER_BYTES + 3 * WalFormat.RECORD_HEADER_BYTES + 3 + 9);

        assertThat(replay(dir)).containsExactly(new Replayed(1, 1, "one"), new Replayed(1, 1, ""), new Replayed(1, 1, "three ✓"));
        assertThat(WalReader.replay(dir, (s, t, b, o, l) -> { })).isEqualTo(1);
    }

    @Test
    void replayOfAMissingOrEmptyDirectoryFindsNothing() throws IOException {
        assertThat(WalReader.replay(tmp.resolve("absent"), (s, t, b, o, l) -> { throw new AssertionError(); })).isZero();
        Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(tmp.resolve("empty").resolve("notes.txt"), "not a segment");
        Files.writeString(tmp.resolve("empty").resolve("x1.wal"), "not a segment name");
        assertThat(WalReader.replay(tmp.resolve("empty"), (s, t, b, o, l) -> { throw new AssertionError(); })).isZero();
    }

    @Test
    void aNewWriterContinuesAfterTheLastReplayedSegment() throws Exception {
        Path dir = tmp.resolve("wal");
        try (WalWriter w = new WalWriter(dir, 0, BIG_SEGMENT, 16, n -> { })) {
            append(w, "a");
        }
        long last = WalReader.replay(dir, (s, t, b, o, l) -> { });
        try (WalWriter w = new WalWriter(dir, last, BIG_SEGMENT, 16, n -> { })) {
            assertThat(append(w, "b")).isEqualTo(2);
        }
        assertThat(replay(dir)).containsExactly(new Replayed(1, 1, "a"), new Replayed(2, 1, "b"));
    }

    @Test
    void concurrentAppendersShareFsyncs() throws Exception {
        int threads = 8;
        int perThread = 400;
        AtomicLong reported = new AtomicLong();
        Path dir = tmp.resolve("wal");
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        long fsyncs;
        try (WalWriter w = new WalWriter(dir, 0, BIG_SEGMENT, 64, reported::addAndGet)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                ts.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        List<CompletableFuture<Long>> pending = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            byte[] b = ("t" + id + "-" + i).getBytes(StandardCharsets.UTF_8);
                            pending.add(w.append(WalFormat.RECORD_ENTRIES_V1, b, 0, b.length));
                        }
                        for (CompletableFuture<Long> f : pending) assertThat(f.get()).isEqualTo(1);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            start.countDown();
            for (Thread t : ts) t.join();
            fsyncs = w.fsyncCount();
            assertThat(failures).isEmpty();
            assertThat(reported.get()).isEqualTo(fsyncs);
        }
        int records = threads * perThread;
        assertThat(fsyncs).as("fsyncs for %d records", records).isPositive().isLessThan(records / 10);

        List<Replayed> replayed = replay(dir);
        assertThat(replayed).hasSize(records);
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t + "-";
            List<String> mine = payloads(replayed).stream().filter(p -> p.startsWith(prefix)).toList();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < perThread; i++) expected.add(prefix + i);
            assertThat(mine).as("records of thread %d in append order", t).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void synchronousAppendersAreGroupCommitted() throws Exception {
        int threads = 16;
        int perThread = 40;
        Path dir = tmp.resolve("wal");
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        long fsyncs;
        try (WalWriter w = new WalWriter(dir, 0, BIG_SEGMENT, 1024, n -> { })) {
            List<Thread> ts = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int id = t;
                ts.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        // Each append waits for its fsync, as a push does before it is acknowledged.
                        for (int i = 0; i < perThread; i++) append(w, "t" + id + "-" + i);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            start.countDown();
            for (Thread t : ts) t.join();
            fsyncs = w.fsyncCount();
        }
        assertThat(failures).isEmpty();
        assertThat(replay(dir)).hasSize(threads * perThread);
        assertThat(fsyncs).as("fsyncs for %d synchronous appends from %d threads", threads * perThread, threads)
                .isLessThan(threads * perThread / 2);
    }

    @Test
    void segmentsRollBySizeAndARecordNeverSpansSegments() throws Exception {
        Path dir = tmp.resolve("wal");
        String payload20 = "p".repeat(20); // 29 bytes framed: three fit after the 5-byte header in 100 bytes
        List<Long> segments = new ArrayList<>();
        try (WalWriter w = new WalWriter(dir, 0, 100, 16, n -> { })) {
            for (int i = 0; i < 7; i++) segments.add(append(w, payload20));
            segments.add(append(w, "x".repeat(300))); // larger than a segment: alone in a fresh one
            segments.add(append(w, "after"));
        }
        assertThat(segments).containsExactly(1L, 1L, 1L, 2L, 2L, 2L, 3L, 4L, 5L);
        assertThat(fileNames(dir)).containsExactly("00000001.wal", "00000002.wal", "00000003.wal", "00000004.wal", "00000005.wal");
        for (String n : List.of("00000001.wal", "00000002.wal")) assertThat(Files.size(dir.resolve(n))).isEqualTo(5 + 3 * 29);
        assertThat(Files.size(dir.resolve("00000004.wal"))).isEqualTo(5 + 9 + 300);
        assertThat(replay(dir)).extracting(Replayed::segment).containsExactlyElementsOf(segments);
    }

    @Test
    void rollStartsANewSegmentAndOldOnesCanBeDeleted() throws Exception {
        Path dir = tmp.resolve("wal");
        try (WalWriter w = new WalWriter(dir, 0, BIG_SEGMENT, 16, n -> { })) {
            append(w, "a");
            assertThat(w.roll().get()).isEqualTo(2);
            assertThat(w.currentSegment()).isEqualTo(2);
            assertThat(append(w, "b")).isEqualTo(2);
            assertThat(w.roll().get()).isEqualTo(3);
            assertThat(append(w, "c")).isEqualTo(3);

            w.deleteSegmentsBefore(3);

            assertThat(fileNames(dir)).containsExactly("00000003.wal");
            assertThat(append(w, "d")).isEqualTo(3);
        }
        assertThat(replay(dir)).containsExactly(new Replayed(3, 1, "c"), new Replayed(3, 1, "d"));
    }

    @Test
    void aDeletionCutShortByACrashIsIgnoredByReplayAndFinishedOnOpen() throws Exception {
        Path dir = tmp.resolve("wal");
        try (WalWriter w = new WalWriter(dir, 0, BIG_SEGMENT, 16, n -> { })) {
            append(w, "a");
            w.roll().get();
            append(w, "b");
        }
        // what a crash in the middle of deleting segment 1 leaves: renamed, partly shrunk
        Path doomed = dir.resolve("00000001.wal" + WalFormat.DELETING_SUFFIX);
        Files.move(dir.resolve("00000001.wal"), doomed);
        try (var ch = FileChannel.open(doomed, StandardOpenOption.WRITE)) {
            ch.truncate(WalFormat.HEADER_BYTES + 3);
        }

        assertThat(replay(dir)).containsExactly(new Replayed(2, 1, "b"));
        try (WalWriter w = new WalWriter(dir, 2, BIG_SEGMENT, 16, n -> { })) {
            assertThat(fileNames(dir)).containsExactly("00000002.wal", "00000003.wal");
        }
    }

    @Test
    void largeFilesAreDeletedInSteps() throws Exception {
        Path f = tmp.resolve("big");
        try (var ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1}), 3 * WalFiles.SHRINK_STEP_BYTES + 5);
        }
        WalFiles.deleteGradually(f);
        assertThat(f).doesNotExist();
        WalFiles.deleteGradually(f); // already gone: nothing to do
    }

    @Test
    void appendAfterCloseFails() throws Exception {
        WalWriter w = new WalWriter(tmp.resolve("wal"), 0, BIG_SEGMENT, 16, n -> { });
        w.close();
        byte[] b = {1};
        assertThatThrownBy(() -> w.append(WalFormat.RECORD_ENTRIES_V1, b, 0, 1).get())
                .isInstanceOf(ExecutionException.class).hasMessageContaining("closed");
    }

    // ---- damage: torn tails and flipped bytes ----

    /** Two segments: five records in the first, two in the second; returns the record end offsets of segment 1. */
    private static long[] writeTwoSegments(Path dir) throws Exception {
        long[] ends = new long[6];
        ends[0] = WalFormat.HEADER_BYTES;
        try (WalWriter w = new WalWriter(dir, 0, BIG_SEGMENT, 16, n -> { })) {
            for (int i = 1; i <= 5; i++) {
                append(w, "record " + i + " " + "z".repeat(i * 3));
                ends[i] = Files.size(dir.resolve("00000001.wal"));
            }
            w.roll().get();
            append(w, "second segment 1");
            append(w, "second segment 2");
        }
        return ends;
    }

    private static List<String> firstRecords(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) out.add("record " + i + " " + "z".repeat(i * 3));
        return out;
    }

    @Test
    void tornLastRecordIsCutAtEveryOffsetAndLaterSegmentsAreDropped() throws Exception {
        Path template = tmp.resolve("template");
        long[] ends = writeTwoSegments(template);
        byte[] seg1 = Files.readAllBytes(template.resolve("00000001.wal"));
        byte[] seg2 = Files.readAllBytes(template.resolve("00000002.wal"));
        for (long cut = ends[4] + 1; cut < ends[5]; cut++) {
            Path dir = tmp.resolve("torn-" + cut);
            Files.createDirectories(dir);
            Files.write(dir.resolve("00000001.wal"), Arrays.copyOf(seg1, (int) cut));
            Files.write(dir.resolve("00000002.wal"), seg2);

            List<Replayed> records = new ArrayList<>();
            long last = WalReader.replay(dir, (s, t, b, o, l) -> records.add(new Replayed(s, t, new String(b, o, l, StandardCharsets.UTF_8))));

            assertThat(payloads(records)).as("cut at %d", cut).containsExactlyElementsOf(firstRecords(4));
            assertThat(last).as("numbers of dropped segments are not reused").isEqualTo(2);
            assertThat(fileNames(dir)).containsExactly("00000001.wal");
            assertThat(Files.size(dir.resolve("00000001.wal"))).isEqualTo(ends[4]);
            // The repaired log replays the same records again, and a writer continues after it.
            assertThat(payloads(replay(dir))).containsExactlyElementsOf(firstRecords(4));
        }
    }

    @Test
    void aFlippedByteInAMiddleRecordStopsReplayThere() throws Exception {
        Path template = tmp.resolve("template");
        long[] ends = writeTwoSegments(template);
        byte[] seg1 = Files.readAllBytes(template.resolve("00000001.wal"));
        byte[] seg2 = Files.readAllBytes(template.resolve("00000002.wal"));
        // every byte of record 3 (type, length, checksum and payload)
        for (long at = ends[2]; at < ends[3]; at++) {
            Path dir = tmp.resolve("flip-" + at);
            Files.createDirectories(dir);
            byte[] bad = seg1.clone();
            bad[(int) at] ^= 0x04;
            Files.write(dir.resolve("00000001.wal"), bad);
            Files.write(dir.resolve("00000002.wal"), seg2);

            assertThat(payloads(replay(dir))).as("flip at %d", at).containsExactlyElementsOf(firstRecords(2));
            assertThat(fileNames(dir)).containsExactly("00000001.wal");
            assertThat(Files.size(dir.resolve("00000001.wal"))).isEqualTo(ends[2]);
        }
    }

    @Test
    void aDamagedHeaderEmptiesTheSegmentAndDropsLaterOnes() throws Exception {
        Path dir = tmp.resolve("wal");
        writeTwoSegments(dir);
        byte[] seg1 = Files.readAllBytes(dir.resolve("00000001.wal"));
        seg1[4] = 9; // unsupported version
        Files.write(dir.resolve("00000001.wal"), seg1);

        assertThat(replay(dir)).isEmpty();
        assertThat(fileNames(dir)).containsExactly("00000001.wal");
        assertThat(Files.size(dir.resolve("00000001.wal"))).isZero();
    }

    @Test
    void anUnknownRecordTypeWithAValidChecksumStopsReplay() throws Exception {
        Path dir = tmp.resolve("wal");
        try (WalWriter w = new WalWriter(dir, 0, BIG_SEGMENT, 16, n -> { })) {
            append(w, "good");
            byte[] b = "unknown".getBytes(StandardCharsets.UTF_8);
            w.append(7, b, 0, b.length).get();
            append(w, "after");
        }
        assertThat(payloads(replay(dir))).containsExactly("good");
    }

    // ---- golden fixture ----

    private static void writeGoldenSegment(Path dir) throws Exception {
        try (WalWriter w = new WalWriter(dir, 0, BIG_SEGMENT, 16, n -> { })) {
            append(w, "first record");
            append(w, "");
            append(w, "third record: 東京");
        }
    }

    @Test
    void goldenSegmentOfVersion1StillReplays() throws Exception {
        if (GoldenFiles.rewrite()) {
            Path dir = tmp.resolve("new");
            writeGoldenSegment(dir);
            GoldenFiles.write("wal-v1/00000001.wal", Files.readAllBytes(dir.resolve("00000001.wal")));
        }
        Path dir = tmp.resolve("golden");
        GoldenFiles.copy("wal-v1/00000001.wal", dir.resolve("00000001.wal"));
        byte[] golden = Files.readAllBytes(dir.resolve("00000001.wal"));
        assertThat(Arrays.copyOf(golden, 5)).containsExactly('N', 'R', 'N', 'W', 1);

        assertThat(replay(dir)).containsExactly(new Replayed(1, 1, "first record"), new Replayed(1, 1, ""),
                new Replayed(1, 1, "third record: 東京"));
        assertThat(Files.readAllBytes(dir.resolve("00000001.wal"))).as("an intact segment is not modified").isEqualTo(golden);

        Path fresh = tmp.resolve("fresh");
        writeGoldenSegment(fresh);
        assertThat(Files.readAllBytes(fresh.resolve("00000001.wal"))).as("the writer still writes version 1 bytes").isEqualTo(golden);
    }
}
