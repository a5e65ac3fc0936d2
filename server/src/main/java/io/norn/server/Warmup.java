package io.norn.server;

import io.norn.ingester.IngesterConfig;
import io.norn.wal.WalFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongPredicate;
import java.util.stream.Stream;

/**
 * Compiles the push path before the server reports ready. A throwaway server with the same configuration but
 * its own scratch directory (and a small head-memory budget) is fed synthetic pushes over HTTP, in both wire
 * formats, until the JIT compiler goes quiet; then it is closed and its directory deleted, so nothing of it
 * reaches the real instance. Without this the first seconds of a busy start run in the interpreter and in
 * profiling code while the compiler takes a core: on two cores that cost a fifth to a quarter of the ingest rate
 * of a 6.7 M-line run and raised its push p99 by half (see docs/benchmarks.md).
 * <p>
 * This is done twice, each time with a fresh scratch server. Code compiled during the first round has only seen a
 * server that has been running for a while: pools that always have a buffer to hand out, and so on. A new server
 * takes other branches and classes at first (an empty pool, a freshly reserved buffer), which throws such code back
 * to the interpreter to be compiled again; the second round makes that happen here rather than in the real
 * server's first pushes.
 */
final class Warmup {
    private static final Logger log = LoggerFactory.getLogger(Warmup.class);
    static final String DIR_NAME = ".warmup";
    private static final int SENDERS = 4;
    private static final int ROUNDS = 2;
    private static final long FIRST_ROUND_MIN_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final long LATER_ROUND_MIN_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long WINDOW_MILLIS = 1000;
    /**
     * The compiler counts as quiet when its threads compiled for less than this share of a window: it never
     * stops entirely (it keeps refining lukewarm code), but by then the hot paths are compiled.
     */
    private static final double QUIET_SHARE = 0.2;

    private Warmup() {
    }

    /** Warms up for at most {@code max}; problems are logged, never thrown: a failed warm-up only costs speed. */
    static void run(NornConfig cfg, Duration max) {
        Path dir = cfg.dataDir().resolve(DIR_NAME);
        long t0 = System.nanoTime();
        long deadline = t0 + max.toNanos();
        try {
            long lines = 0;
            for (int round = 0; round < ROUNDS && System.nanoTime() < deadline; round++) {
                deleteTree(dir);
                try (NornServer scratch = NornServer.scratch(scratchConfig(cfg, dir))) {
                    lines += drive(scratch.port(), round == 0 ? FIRST_ROUND_MIN_NANOS : LATER_ROUND_MIN_NANOS, deadline);
                }
            }
            log.info("warm-up: {} synthetic lines pushed in {} ms", lines, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } catch (Exception e) {
            log.warn("warm-up stopped early: {}", e.toString());
        } finally {
            try {
                deleteTree(dir);
            } catch (IOException e) {
                log.warn("could not remove the warm-up directory {}: {}", dir, e.toString());
            }
            System.gc(); // start the real work with the scratch instance's garbage gone
        }
    }

    private static NornConfig scratchConfig(NornConfig cfg, Path dir) {
        IngesterConfig i = cfg.ingester();
        IngesterConfig small = new IngesterConfig(i.blockSizeBytes(), i.chunkTargetSizeBytes(), i.chunkIdlePeriod(), i.maxChunkAge(),
                i.flushCheckPeriod(), i.unorderedWrites(), i.zstdLevel(), i.walSegmentBytes(), Runtime.getRuntime().maxMemory() / 8);
        return cfg.withDataDir(dir).withListen("127.0.0.1", 0).withIngester(small);
    }

    /**
     * Pushes from {@link #SENDERS} threads, alternating formats, until the compiler is quiet (after at least
     * {@code minNanos}) or the deadline. A failed push ends the warm-up.
     */
    private static long drive(int port, long minNanos, long deadline) throws InterruptedException, IOException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<IOException> failure = new AtomicReference<>();
        AtomicLong clock = new AtomicLong(System.currentTimeMillis() * 1_000_000L - TimeUnit.MINUTES.toNanos(1));
        AtomicLong requests = new AtomicLong();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < SENDERS; t++) {
            SyntheticPushes bodies = new SyntheticPushes(t, clock);
            boolean protobufFirst = t % 2 == 0;
            senders.add(Thread.ofPlatform().name("warmup-" + t).daemon(true).start(() -> {
                try (PushConnection c = new PushConnection(port)) {
                    for (long n = 0; !stop.get(); n++) {
                        if ((n % 2 == 0) == protobufFirst) c.push("application/x-protobuf", bodies.protobuf());
                        else c.push("application/json", bodies.json());
                        requests.incrementAndGet();
                    }
                } catch (IOException e) {
                    failure.compareAndSet(null, e);
                    stop.set(true);
                }
            }));
        }
        awaitQuietCompiler(minNanos, t -> stop.get() || t >= deadline);
        stop.set(true);
        for (Thread t : senders) t.join();
        if (failure.get() != null) throw new IOException("a warm-up push failed: " + failure.get().getMessage(), failure.get());
        return requests.get() * SyntheticPushes.STREAMS_PER_REQUEST * SyntheticPushes.LINES_PER_STREAM;
    }

    /**
     * Returns once the JIT compiler was quiet for a window (after at least {@code minNanos}), or {@code giveUp}
     * holds. A JVM that cannot tell its compilation time gets the minimum time.
     */
    private static void awaitQuietCompiler(long minNanos, LongPredicate giveUp) throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean measurable = jit != null && jit.isCompilationTimeMonitoringSupported();
        long start = System.nanoTime();
        long lastCompileMillis = measurable ? jit.getTotalCompilationTime() : 0;
        while (!giveUp.test(System.nanoTime())) {
            Thread.sleep(WINDOW_MILLIS);
            long compileMillis = measurable ? jit.getTotalCompilationTime() : 0;
            boolean quiet = measurable && compileMillis - lastCompileMillis < QUIET_SHARE * WINDOW_MILLIS;
            lastCompileMillis = compileMillis;
            if ((quiet || !measurable) && System.nanoTime() - start >= minNanos) return;
        }
    }

    /** Deletes the scratch instance's files; its WAL segments bit by bit, so that real pushes' fsyncs go on. */
    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isRegularFile(p)) {
                    WalFiles.deleteGradually(p);
                } else {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
