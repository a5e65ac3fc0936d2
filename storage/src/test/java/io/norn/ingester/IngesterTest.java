package io.norn.ingester;

import io.norn.logql.engine.LinePredicate;
import io.norn.model.Direction;
import io.norn.model.LabelMatcher;
import io.norn.model.LabelMatcher.Type;
import io.norn.model.Labels;
import io.norn.wal.WalFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class IngesterTest {
    /** 2023-11-14T22:13:20Z. */
    static final long T = 1_700_000_000_000_000_000L;
    static final long SECOND = 1_000_000_000L;
    static final long MINUTE = 60 * SECOND;
    static final Labels API = Labels.of("app", "api", "env", "prod");
    static final Labels WEB = Labels.of("app", "web", "env", "prod");
    static final Labels DB = Labels.of("app", "db", "env", "dev");
    static final String TENANT = "tenant-1";

    /** Small blocks and chunks so that data spreads over open blocks, closed blocks, cut chunks and WAL segments. */
    static IngesterConfig smallConfig() {
        return new IngesterConfig(256, 1024, Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(1), true, 1, 4096);
    }

    @TempDir
    Path tmp;

    final TestClock clock = new TestClock(1_700_000_000_000L);

    /** What the store must answer: per stream, timestamp → line (timestamps are unique within a stream). */
    final Map<Labels, TreeMap<Long, String>> expected = new LinkedHashMap<>();

    static String line(Labels l, int k) {
        return l.get("app") + (k % 5 == 0 ? " level=error" : " level=info") + " n=" + k + " " + "x".repeat(k % 13);
    }

    /** Pushes entries {@code from..to-1} of each stream in shuffled batches, re-pushing one batch (duplicates). */
    void pushRange(Instance inst, int from, int to, long seed) throws Exception {
        Random rnd = new Random(seed);
        List<Labels> streams = List.of(API, WEB, DB);
        for (int start = from; start < to; start += 20) {
            for (int si = 0; si < streams.size(); si++) {
                Labels l = streams.get(si);
                List<Integer> ks = new ArrayList<>();
                for (int k = start; k < Math.min(to, start + 20); k++) ks.add(k);
                Collections.shuffle(ks, rnd);
                long[] ts = new long[ks.size()];
                String[] lines = new String[ks.size()];
                for (int i = 0; i < ks.size(); i++) {
                    ts[i] = T + ks.get(i) * SECOND + si;
                    lines[i] = line(l, ks.get(i));
                    expected.computeIfAbsent(l, x -> new TreeMap<>()).put(ts[i], lines[i]);
                }
                assertThat(inst.push(TENANT, l, ts, lines).errors()).isEmpty();
                if (start == from + 40) assertThat(inst.push(TENANT, l, ts, lines).errors()).isEmpty();
            }
        }
    }

    Map<String, List<String>> expect(List<LabelMatcher> matchers, long from, long through, Direction dir, String contains) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Map.Entry<Labels, TreeMap<Long, String>> e : expected.entrySet()) {
            boolean match = true;
            for (LabelMatcher m : matchers) match &= m.matches(e.getKey().get(m.name()));
            if (!match) continue;
            List<String> lines = new ArrayList<>();
            for (Map.Entry<Long, String> x : e.getValue().subMap(from, true, through, false).entrySet()) {
                if (contains == null || x.getValue().contains(contains)) lines.add(x.getKey() + " " + x.getValue());
            }
            if (dir == Direction.BACKWARD) Collections.reverse(lines);
            if (!lines.isEmpty()) out.put(e.getKey().toString(), lines);
        }
        return out;
    }

    static LinePredicate containing(String s) {
        byte[] needle = s.getBytes(StandardCharsets.UTF_8);
        return (buf, off, len) -> {
            outer:
            for (int i = off; i <= off + len - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) if (buf[i + j] != needle[j]) continue outer;
                return true;
            }
            return false;
        };
    }

    /** {@link #containing} that also tells storage the literal every accepted line holds. */
    static LinePredicate requiring(String s) {
        LinePredicate test = containing(s);
        List<byte[]> literals = List.of(s.getBytes(StandardCharsets.UTF_8));
        return new LinePredicate() {
            @Override
            public boolean test(byte[] buf, int off, int len) {
                return test.test(buf, off, len);
            }

            @Override
            public List<byte[]> requiredLiterals() {
                return literals;
            }
        };
    }

    /** A case-insensitive filter for a lower-case ASCII literal that tells storage the literal. */
    static LinePredicate requiringIgnoringCase(String lower) {
        LinePredicate test = (buf, off, len) -> new String(buf, off, len, StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT).contains(lower);
        List<byte[]> literals = List.of(lower.getBytes(StandardCharsets.US_ASCII));
        return new LinePredicate() {
            @Override
            public boolean test(byte[] buf, int off, int len) {
                return test.test(buf, off, len);
            }

            @Override
            public List<byte[]> requiredLiteralsIgnoringCase() {
                return literals;
            }
        };
    }

    /**
     * Drops streams whose cursor yielded nothing: the querier may return a stream whose blocks overlap the range
     * by their bounds although no entry in it falls in the range or passes the line filter.
     */
    static Map<String, List<String>> nonEmpty(Map<String, List<String>> m) {
        Map<String, List<String>> out = new TreeMap<>(m);
        out.values().removeIf(List::isEmpty);
        return out;
    }

    /** Runs a fixed set of queries and compares each with the model. */
    void assertAnswers(Instance inst, String when) throws IOException {
        List<List<LabelMatcher>> selectors = List.of(List.of(),
                List.of(LabelMatcher.eq("app", "api")),
                List.of(LabelMatcher.of(Type.NEQ, "env", "prod")),
                List.of(LabelMatcher.of(Type.RE, "app", "api|web")),
                List.of(LabelMatcher.of(Type.NRE, "app", "a.*"), LabelMatcher.eq("env", "prod")),
                List.of(LabelMatcher.eq("app", "nope")));
        long[][] ranges = {{Long.MIN_VALUE, Long.MAX_VALUE}, {T + 50 * SECOND, T + 120 * SECOND}, {T + 50 * SECOND + 1, T + 51 * SECOND + 2},
                {T + 50 * SECOND + 3, T + 50 * SECOND + 4}, {T - MINUTE, T}, {T + 299 * SECOND, T + 10 * MINUTE}};
        for (List<LabelMatcher> sel : selectors) {
            for (long[] r : ranges) {
                for (Direction dir : Direction.values()) {
                    assertThat(nonEmpty(inst.query(TENANT, sel, r[0], r[1], dir, LinePredicate.ALL)))
                            .as("%s: %s [%d, %d) %s", when, sel, r[0], r[1], dir).isEqualTo(expect(sel, r[0], r[1], dir, null));
                }
                assertThat(nonEmpty(inst.query(TENANT, sel, r[0], r[1], Direction.BACKWARD, containing("level=error"))))
                        .as("%s: %s [%d, %d) with line filter", when, sel, r[0], r[1])
                        .isEqualTo(expect(sel, r[0], r[1], Direction.BACKWARD, "level=error"));
                // the same filter declaring its literal: chunks are pruned by n-gram filters, blocks searched at once
                for (String literal : List.of("level=error", "level=fatal")) {
                    for (Direction dir : Direction.values()) {
                        assertThat(nonEmpty(inst.query(TENANT, sel, r[0], r[1], dir, requiring(literal))))
                                .as("%s: %s [%d, %d) %s requiring %s", when, sel, r[0], r[1], dir, literal)
                                .isEqualTo(expect(sel, r[0], r[1], dir, literal));
                        // the data is lower case, so ignoring case changes nothing
                        assertThat(nonEmpty(inst.query(TENANT, sel, r[0], r[1], dir, requiringIgnoringCase(literal))))
                                .as("%s: %s [%d, %d) %s requiring %s in any case", when, sel, r[0], r[1], dir, literal)
                                .isEqualTo(expect(sel, r[0], r[1], dir, literal));
                    }
                }
            }
        }
        assertThat(inst.queryAll("other-tenant")).isEmpty();
    }

    @Test
    void answersAreTheSameFromTheHeadTheStoreAndAfterRestarts() throws Exception {
        Path root = tmp.resolve("data");
        try (Instance inst = new Instance(root, smallConfig(), clock)) {
            pushRange(inst, 0, 200, 1);
            assertThat(WalFiles.segments(inst.walDir()).size()).as("WAL rolled by size").isGreaterThan(3);
            assertAnswers(inst, "head");
            inst.ingester.flushAll();
            assertThat(inst.ingester.memoryStreams()).isZero();
            assertAnswers(inst, "store");
            pushRange(inst, 200, 300, 2);
            assertAnswers(inst, "store and head");
        }
        // Entries pushed after the flush come back from the WAL.
        try (Instance inst = new Instance(root, smallConfig(), clock)) {
            assertAnswers(inst, "after restart");
            assertThat(WalFiles.segments(inst.walDir())).as("replayed data is flushed at startup").hasSize(1);
        }
        try (Instance inst = new Instance(root, smallConfig(), clock)) {
            assertAnswers(inst, "after second restart");
        }
    }

    @Test
    void outOfOrderEntriesWithinTheWindowAreAcceptedAndReturnedSorted() throws Exception {
        try (Instance inst = new Instance(tmp.resolve("data"), smallConfig(), clock)) {
            long hi = T + 2 * 60 * MINUTE;
            PushResult r = inst.push(TENANT, API, new long[] {hi, T + 60 * MINUTE, T + 90 * MINUTE, hi - 1, T + 60 * MINUTE + 1},
                    "newest", "at the cutoff", "half an hour late", "just before", "after the cutoff");
            assertThat(r.errors()).isEmpty();
            assertThat(inst.queryAll(TENANT).get(API.toString())).containsExactly(T + 60 * MINUTE + " at the cutoff",
                    T + 60 * MINUTE + 1 + " after the cutoff", T + 90 * MINUTE + " half an hour late", hi - 1 + " just before", hi + " newest");
        }
    }

    @Test
    void entriesTooFarBehindAreRefusedWithLokisMessage() throws Exception {
        try (Instance inst = new Instance(tmp.resolve("data"), smallConfig(), clock)) {
            long hi = T + 2 * 60 * MINUTE; // 2023-11-15T00:13:20Z; cutoff 2023-11-14T23:13:20Z
            assertThat(inst.push(TENANT, API, new long[] {hi}, "newest").errors()).isEmpty();

            PushResult r = inst.push(TENANT, API, new long[] {T + 60 * MINUTE - 1, hi + 1, T, T + 405_000_000L},
                    "one nanosecond too old", "fine", "an hour too old", "also too old");

            assertThat(r.errors()).hasSize(1);
            PushResult.StreamError e = r.errors().getFirst();
            assertThat(e.labels()).isEqualTo("{app=\"api\", env=\"prod\"}");
            assertThat(e.total()).isEqualTo(4);
            assertThat(e.entryErrors()).containsExactly(
                    "entry with timestamp 2023-11-14 23:13:19.999999999 +0000 UTC ignored, reason: 'entry too far behind, entry timestamp is: "
                            + "2023-11-14T23:13:19Z, oldest acceptable timestamp is: 2023-11-14T23:13:20Z'",
                    "entry with timestamp 2023-11-14 22:13:20 +0000 UTC ignored, reason: 'entry too far behind, entry timestamp is: "
                            + "2023-11-14T22:13:20Z, oldest acceptable timestamp is: 2023-11-14T23:13:20Z'",
                    "entry with timestamp 2023-11-14 22:13:20.405 +0000 UTC ignored, reason: 'entry too far behind, entry timestamp is: "
                            + "2023-11-14T22:13:20Z, oldest acceptable timestamp is: 2023-11-14T23:13:20Z'");
            assertThat(inst.queryAll(TENANT).get(API.toString())).containsExactly(hi + " newest", hi + 1 + " fine");
        }
        // Refused entries were never written to the WAL.
        try (Instance inst = new Instance(tmp.resolve("data"), smallConfig(), clock)) {
            assertThat(inst.queryAll(TENANT).get(API.toString())).hasSize(2);
        }
    }

    @Test
    void withoutUnorderedWritesOlderEntriesAreOutOfOrder() throws Exception {
        IngesterConfig ordered = new IngesterConfig(256, 1024, Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(1), false, 1, 4096);
        try (Instance inst = new Instance(tmp.resolve("data"), ordered, clock)) {
            inst.push(TENANT, API, new long[] {T + SECOND}, "b");
            PushResult r = inst.push(TENANT, API, new long[] {T, T + SECOND, T + 2 * SECOND}, "a", "b again", "c");
            assertThat(r.errors()).hasSize(1);
            assertThat(r.errors().getFirst().entryErrors())
                    .containsExactly("entry with timestamp 2023-11-14 22:13:20 +0000 UTC ignored, reason: 'entry out of order'");
            assertThat(inst.queryAll(TENANT).get(API.toString()))
                    .containsExactly(T + SECOND + " b", T + SECOND + " b again", T + 2 * SECOND + " c");
        }
    }

    @Test
    void duplicatesAreReturnedOnceWhereverTheyAre() throws Exception {
        try (Instance inst = new Instance(tmp.resolve("data"), smallConfig(), clock)) {
            // repeated within one push (adjacent and not), and across pushes
            inst.push(TENANT, API, new long[] {T, T, T + 1, T}, "a", "a", "b", "a");
            inst.push(TENANT, API, new long[] {T + 1, T}, "b", "a");
            assertThat(inst.queryAll(TENANT).get(API.toString())).containsExactly(T + " a", T + 1 + " b");

            inst.ingester.flushAll();
            // the same entries again: now one copy is in the store and one in the head
            inst.push(TENANT, API, new long[] {T, T + 1, T + 2}, "a", "b", "c");
            inst.push(TENANT, API, new long[] {T}, "a with the same timestamp");

            List<String> got = inst.queryAll(TENANT).get(API.toString());
            assertThat(got).hasSize(4).containsExactlyInAnyOrder(T + " a", T + " a with the same timestamp", T + 1 + " b", T + 2 + " c");
            assertThat(got.subList(2, 4)).containsExactly(T + 1 + " b", T + 2 + " c");
            List<String> backward = inst.query(TENANT, List.of(), T, T + 3, Direction.BACKWARD, LinePredicate.ALL).get(API.toString());
            assertThat(backward).hasSize(4).startsWith(T + 2 + " c", T + 1 + " b");

            inst.ingester.flushAll();
            assertThat(inst.queryAll(TENANT).get(API.toString())).hasSize(4);
        }
    }

    @Test
    void walSegmentsAreDeletedOnceEverythingIsFlushed() throws Exception {
        try (Instance inst = new Instance(tmp.resolve("data"), smallConfig(), clock)) {
            for (int round = 0; round < 3; round++) {
                pushRange(inst, round * 100, round * 100 + 100, round);
                assertThat(WalFiles.segments(inst.walDir()).size()).isGreaterThan(2);
                inst.ingester.flushAll();
                assertThat(WalFiles.segments(inst.walDir())).as("round %d", round).hasSize(1);
            }
            assertAnswers(inst, "after three flushes");
        }
    }

    @Test
    void aPeriodicFlushKeepsTheWalOfDataStillInTheHead() throws Exception {
        Path root = tmp.resolve("data");
        try (Instance inst = new Instance(root, smallConfig(), clock)) {
            inst.push(TENANT, API, new long[] {T, T + 1}, "a", "b");
            // Nothing is idle, full or old: the flush check flushes nothing and must keep the WAL.
            inst.ingester.flushDue();
            inst.push(TENANT, WEB, new long[] {T}, "w");
            inst.ingester.flushDue();
        }
        try (Instance inst = new Instance(root, smallConfig(), clock)) {
            assertThat(inst.queryAll(TENANT)).containsExactly(Map.entry(API.toString(), List.of(T + " a", T + 1 + " b")),
                    Map.entry(WEB.toString(), List.of(T + " w")));
        }
    }

    @Test
    void idleStreamsAreFlushedByThePeriodicCheck() throws Exception {
        Path root = tmp.resolve("data");
        try (Instance inst = new Instance(root, smallConfig(), clock)) {
            inst.push(TENANT, API, new long[] {T}, "old");
            clock.advance(Duration.ofMinutes(31));
            inst.push(TENANT, WEB, new long[] {T + MINUTE}, "recent");
            inst.ingester.flushDue();

            assertThat(inst.ingester.memoryStreams()).isEqualTo(1);
            assertThat(inst.store.select(TENANT, List.of(), Long.MIN_VALUE, Long.MAX_VALUE)).extracting(s -> s.labels())
                    .containsExactly(API);
            assertThat(inst.queryAll(TENANT)).containsExactly(Map.entry(API.toString(), List.of(T + " old")),
                    Map.entry(WEB.toString(), List.of(T + MINUTE + " recent")));
        }
        try (Instance inst = new Instance(root, smallConfig(), clock)) {
            assertThat(inst.queryAll(TENANT)).containsExactly(Map.entry(API.toString(), List.of(T + " old")),
                    Map.entry(WEB.toString(), List.of(T + MINUTE + " recent")));
        }
    }

    @Test
    void acknowledgedEntriesStayVisibleExactlyOnceWhileFlushesRun() throws Exception {
        int pushers = 4;
        int pushesEach = 150;
        java.util.Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.ConcurrentLinkedQueue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        try (Instance inst = new Instance(tmp.resolve("data"), smallConfig(), clock)) {
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < pushers; p++) {
                Labels l = Labels.of("app", "app" + p);
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int k = 0; k < pushesEach; k++) {
                            long ts = T + k * SECOND;
                            String text = l.get("app") + " " + k;
                            assertThat(inst.push(TENANT, l, new long[] {ts}, text).errors()).isEmpty();
                            acknowledged.add(l + " " + ts + " " + text);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            Thread flusher = Thread.ofPlatform().start(() -> {
                try {
                    while (!done.get()) inst.ingester.flushAll();
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            int queries = 0;
            while (threads.stream().anyMatch(Thread::isAlive) || queries == 0) {
                List<String> before = List.copyOf(acknowledged);
                List<String> seen = new ArrayList<>();
                for (Map.Entry<String, List<String>> e : inst.queryAll(TENANT).entrySet()) {
                    for (String x : e.getValue()) seen.add(e.getKey() + " " + x);
                }
                assertThat(seen).as("query %d", queries).doesNotHaveDuplicates().containsAll(before);
                queries++;
            }
            for (Thread t : threads) t.join();
            done.set(true);
            flusher.join();
            assertThat(failures).isEmpty();
            assertThat(acknowledged).hasSize(pushers * pushesEach);
            assertThat(inst.queryAll(TENANT).values().stream().mapToInt(List::size).sum()).isEqualTo(pushers * pushesEach);
        }
    }

    @Test
    void structuredMetadataSurvivesHeadStoreAndReplay() throws Exception {
        Path root = tmp.resolve("data");
        Labels sm = Labels.of("trace_id", "abc123");
        try (Instance inst = new Instance(root, smallConfig(), clock)) {
            inst.ingester.push(TENANT, List.of(new StreamEntries(API, new long[] {T, T + 1},
                    new byte[][] {"with".getBytes(StandardCharsets.UTF_8), "without".getBytes(StandardCharsets.UTF_8)},
                    new Labels[] {sm, Labels.EMPTY})));
            assertThat(metadata(inst)).containsExactly(sm, Labels.EMPTY);
        }
        try (Instance inst = new Instance(root, smallConfig(), clock)) {
            assertThat(metadata(inst)).containsExactly(sm, Labels.EMPTY);
        }
    }

    private static List<Labels> metadata(Instance inst) throws IOException {
        List<Labels> out = new ArrayList<>();
        var q = new io.norn.store.StoreQuerier(TENANT, inst.ingester, inst.store);
        for (var sc : q.select(io.norn.logql.engine.SelectParams.of(List.of(), Long.MIN_VALUE, Long.MAX_VALUE, Direction.FORWARD))) {
            try (var c = sc.entries()) {
                while (c.next()) out.add(c.structuredMetadata());
            }
        }
        return out;
    }
}
