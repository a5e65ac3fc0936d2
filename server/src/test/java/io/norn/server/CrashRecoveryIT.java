package io.norn.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Kills the server process with SIGKILL right after an acknowledgement while other pushes are in flight,
 * restarts it on the same data directory and checks that every acknowledged entry is back, exactly once,
 * and that an unacknowledged push is either wholly there or wholly absent. The second round kills it again
 * after a flush, with data partly in chunks and partly only in the write-ahead log.
 */
class CrashRecoveryIT {
    private static final int THREADS = 4;
    private static final int STREAMS_PER_THREAD = 2;
    private static final int BATCHES_PER_THREAD = 60;
    private static final int ENTRIES_PER_STREAM = 10;
    private static final long PHASE_NANOS = 100_000_000_000L;
    private static final Duration PUSH_PHASE_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(60);

    /** Anchored in the recent past so that no limit rejects the entries; distinct per entry. */
    private final long t0 = (System.currentTimeMillis() - 30 * 60_000L) * 1_000_000L;

    @TempDir
    Path dir;

    private NornProcess server;

    @AfterEach
    void stopServer() {
        if (server != null) server.close();
    }

    @Test
    void acknowledgedPushesSurviveKillAndKillAfterFlush() throws Exception {
        Path data = dir.resolve("data");
        Ledger ledger = new Ledger();

        server = NornProcess.start(dir, data, 1);
        pushConcurrentlyAndKill(ledger, 0, 0, 150);
        server = NornProcess.start(dir, data, 2);
        assertRecovered(ledger, "after the first kill");

        // Some data goes to chunks through POST /flush, then more lands only in the WAL before the kill.
        for (int thread = 0; thread < THREADS; thread++) {
            for (int batch = 0; batch < 5; batch++) {
                Batch b = batch(thread, 1, batch);
                HttpResponse<String> r = push(server.client, b);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
                ledger.acknowledged(b);
            }
        }
        double flushedBefore = server.client.metric("loki_ingester_chunks_flushed_total");
        HttpResponse<String> flush = server.client.post("/flush", null, null, new byte[0]);
        assertThat(flush.statusCode()).as(flush.body()).isEqualTo(204);
        awaitFlush(flushedBefore);
        pushConcurrentlyAndKill(ledger, 2, 0, 100);
        server = NornProcess.start(dir, data, 3);
        assertRecovered(ledger, "after the kill following a flush");

        // A flush requested while pushes go on, and a kill soon after: chunks may be half published.
        pushConcurrentlyAndKill(ledger, 3, 40, 60);
        server = NornProcess.start(dir, data, 4);
        assertRecovered(ledger, "after a kill during a flush");
        assertThat(server.client.readyStatus()).isEqualTo(200);
    }

    /**
     * The flusher checks the head every {@code flush_check_period}; with young chunks it flushes nothing, so the
     * head data must stay covered by the WAL across those checks. Sleeping here is waiting for a real
     * process' periodic task to run many times, not for a clock.
     */
    @Test
    void acknowledgedPushesSurviveKillAfterPeriodicFlushChecks() throws Exception {
        Path data = dir.resolve("data");
        String fastChecks = """
                ingester:
                  flush_check_period: 100ms
                """;
        Ledger ledger = new Ledger();
        server = NornProcess.start(dir, data, 1, fastChecks);
        for (int thread = 0; thread < THREADS; thread++) {
            for (int batch = 0; batch < 3; batch++) {
                Batch b = batch(thread, 0, batch);
                HttpResponse<String> r = push(server.client, b);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
                ledger.acknowledged(b);
            }
        }
        assertRecovered(ledger, "before the flush checks");
        Thread.sleep(2_000);
        server.kill();
        server = NornProcess.start(dir, data, 2, fastChecks);
        assertRecovered(ledger, "after a kill that followed about twenty flush checks");
    }

    /**
     * Each thread pushes its batches one after another (threads 0 and 1 in JSON, 2 and 3 in snappy protobuf);
     * the thread whose acknowledgement is number {@code killAfterAcks} kills the server at once. The push a
     * thread has in flight at that moment has an unknown outcome and goes to the ledger as such. When
     * {@code flushAtAck} is positive, the thread whose acknowledgement has that number also requests a flush.
     */
    private void pushConcurrentlyAndKill(Ledger ledger, int phase, int flushAtAck, int killAfterAcks) throws Exception {
        NornProcess target = server;
        AtomicInteger acks = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                pool.execute(() -> {
                    for (int batch = 0; batch < BATCHES_PER_THREAD && !killed.get(); batch++) {
                        Batch b = batch(thread, phase, batch);
                        HttpResponse<String> r;
                        try {
                            r = push(target.client, b);
                        } catch (IOException e) {
                            // The server died while this push was in flight: it may or may not be durable.
                            ledger.unknown(b);
                            return;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            ledger.unknown(b);
                            return;
                        }
                        if (r.statusCode() != 204) {
                            failures.add("push " + b + " answered " + r.statusCode() + ": " + r.body());
                            ledger.unknown(b);
                            return;
                        }
                        ledger.acknowledged(b);
                        int ack = acks.incrementAndGet();
                        if (ack == flushAtAck && !requestFlush(target, failures)) return;
                        if (ack == killAfterAcks) {
                            killed.set(true);
                            target.kill();
                        }
                    }
                });
            }
        } finally {
            pool.shutdown();
            if (!pool.awaitTermination(PUSH_PHASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                pool.shutdownNow();
                fail("pushers did not finish within " + PUSH_PHASE_TIMEOUT);
            }
        }
        assertThat(failures).as("pushes refused by a healthy server").isEmpty();
        assertThat(killed).as("the kill happened (%d acknowledgements)", acks.get()).isTrue();
        assertThat(target.isAlive()).isFalse();
    }

    private static boolean requestFlush(NornProcess target, ConcurrentLinkedQueue<String> failures) {
        try {
            HttpResponse<String> r = target.client.post("/flush", null, null, new byte[0]);
            if (r.statusCode() == 204) return true;
            failures.add("POST /flush answered " + r.statusCode() + ": " + r.body());
        } catch (IOException e) {
            failures.add("POST /flush failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add("POST /flush interrupted");
        }
        return false;
    }

    private void awaitFlush(double flushedBefore) throws Exception {
        long deadline = System.nanoTime() + FLUSH_TIMEOUT.toNanos();
        while (server.client.metric("loki_ingester_chunks_flushed_total") <= flushedBefore) {
            if (System.nanoTime() > deadline) fail("POST /flush wrote no chunk within " + FLUSH_TIMEOUT + ":\n" + server.log());
            Thread.sleep(50);
        }
    }

    /**
     * Every acknowledged entry is returned exactly once, in timestamp order, under its exact labels; a push of
     * unknown outcome is wholly present or wholly absent (one push is one WAL record); nothing else appears.
     * Found unknown pushes become acknowledged in the ledger, absent ones are forgotten.
     */
    private void assertRecovered(Ledger ledger, String when) throws Exception {
        Map<Map<String, String>, List<LokiClient.Line>> got = server.client.queryRange("{job=\"crash\"}", t0 - 1, t0 + 10 * PHASE_NANOS, 100_000);
        ledger.resolveUnknown(got, when);
        Map<Map<String, String>, List<LokiClient.Line>> expected = ledger.expected();
        assertThat(got.keySet()).as("streams %s", when).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<Map<String, String>, List<LokiClient.Line>> e : expected.entrySet()) {
            List<LokiClient.Line> lines = got.get(e.getKey());
            List<LokiClient.Line> missing = new ArrayList<>(e.getValue());
            missing.removeAll(lines);
            List<LokiClient.Line> extra = new ArrayList<>(lines);
            extra.removeAll(e.getValue());
            assertThat(missing).as("acknowledged entries missing from stream %s %s (%d returned, %d expected)",
                    e.getKey(), when, lines.size(), e.getValue().size()).isEmpty();
            assertThat(extra).as("entries never pushed in stream %s %s", e.getKey(), when).isEmpty();
            assertThat(lines).as("stream %s %s", e.getKey(), when).containsExactlyElementsOf(e.getValue());
        }
    }

    private static HttpResponse<String> push(LokiClient client, Batch b) throws IOException, InterruptedException {
        return b.thread() < THREADS / 2 ? client.pushJson(b.streams()) : client.pushProtobuf(b.streams());
    }

    private Batch batch(int thread, int phase, int batch) {
        List<PushBodies.Stream> streams = new ArrayList<>();
        for (int s = 0; s < STREAMS_PER_THREAD; s++) {
            List<PushBodies.Entry> entries = new ArrayList<>();
            for (int i = 0; i < ENTRIES_PER_STREAM; i++) {
                long ts = t0 + phase * PHASE_NANOS + batch * 1_000_000L + i * 1_000L;
                entries.add(new PushBodies.Entry(ts, "thread=" + thread + " stream=" + s + " phase=" + phase + " batch=" + batch
                        + " entry=" + i + " msg=\"request served\" bytes=" + (batch * 31 + i * 7) % 9973));
            }
            streams.add(new PushBodies.Stream(labels(thread, s), entries));
        }
        return new Batch(thread, phase, batch, streams);
    }

    private static Map<String, String> labels(int thread, int stream) {
        return Map.of("job", "crash", "thread", Integer.toString(thread), "stream", Integer.toString(stream),
                "encoding", thread < THREADS / 2 ? "json" : "protobuf");
    }

    /** One push: the streams of one thread for one batch. */
    private record Batch(int thread, int phase, int batch, List<PushBodies.Stream> streams) {
        @Override
        public String toString() {
            return "thread=" + thread + " phase=" + phase + " batch=" + batch;
        }
    }

    /** What the server was told and answered, per stream. Thread-safe. */
    private static final class Ledger {
        private final Map<Map<String, String>, List<LokiClient.Line>> acknowledged = new HashMap<>();
        private final List<Batch> unknown = new ArrayList<>();

        synchronized void acknowledged(Batch b) {
            for (PushBodies.Stream s : b.streams()) {
                List<LokiClient.Line> lines = acknowledged.computeIfAbsent(new TreeMap<>(s.labels()), k -> new ArrayList<>());
                for (PushBodies.Entry e : s.entries()) lines.add(new LokiClient.Line(e.tsNanos(), e.line()));
            }
        }

        synchronized void unknown(Batch b) {
            unknown.add(b);
        }

        /** Decides each push of unknown outcome from the answer: all of it there, or none of it. */
        synchronized void resolveUnknown(Map<Map<String, String>, List<LokiClient.Line>> got, String when) {
            for (Batch b : unknown) {
                int present = 0;
                int total = 0;
                for (PushBodies.Stream s : b.streams()) {
                    List<LokiClient.Line> lines = Optional.ofNullable(got.get(new TreeMap<>(s.labels()))).orElse(List.of());
                    for (PushBodies.Entry e : s.entries()) {
                        total++;
                        if (lines.contains(new LokiClient.Line(e.tsNanos(), e.line()))) present++;
                    }
                }
                assertThat(present).as("entries of the unacknowledged push %s found %s (all or none)", b, when).isIn(0, total);
                if (present == total) acknowledged(b);
            }
            unknown.clear();
        }

        synchronized Map<Map<String, String>, List<LokiClient.Line>> expected() {
            Map<Map<String, String>, List<LokiClient.Line>> out = new HashMap<>();
            for (Map.Entry<Map<String, String>, List<LokiClient.Line>> e : acknowledged.entrySet()) {
                List<LokiClient.Line> sorted = new ArrayList<>(e.getValue());
                sorted.sort(Comparator.comparingLong(LokiClient.Line::tsNanos));
                out.put(e.getKey(), sorted);
            }
            return out;
        }
    }
}
