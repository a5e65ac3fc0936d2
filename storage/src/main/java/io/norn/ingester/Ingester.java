package io.norn.ingester;

import io.norn.chunkenc.Block;
import io.norn.chunkenc.Codec;
import io.norn.chunkenc.DecodedBlock;
import io.norn.encoding.ByteWriter;
import io.norn.model.LabelMatcher;
import io.norn.model.Labels;
import io.norn.store.ChunkStore;
import io.norn.tsdb.PostingsIndex;
import io.norn.wal.WalFormat;
import io.norn.wal.WalReader;
import io.norn.wal.WalWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Per-tenant, per-stream in-memory head backed by the write-ahead log, and the flush of cut chunks to the
 * {@link ChunkStore}. A push is acknowledged only once its WAL record is fsynced. Thread-safe.
 */
public final class Ingester implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Ingester.class);
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GO_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final IngesterConfig cfg;
    private final ChunkStore store;
    private final InstantSource clock;
    private final Codec codec;
    private final Map<String, PostingsIndex<Stream>> tenants = new ConcurrentHashMap<>();
    /** Pushes hold the read side while they write and apply; WAL truncation takes the write side. */
    private final ReentrantReadWriteLock walLock = new ReentrantReadWriteLock();
    private final Object flushSignal = new Object();
    private final AtomicLong pendingFlushBytes = new AtomicLong();
    /** Heap held by all streams' head data; above the budget the flusher cuts, flushes and releases early. */
    private final AtomicLong headMemoryBytes = new AtomicLong();
    private volatile boolean memoryPressure;
    /** Compressed blocks held in memory by all streams (not yet flushed). */
    private final AtomicLong compressedBytes = new AtomicLong();
    /** Set when the compressed blocks held exceed their share of the budget: the flusher takes them early. */
    private volatile boolean compressedPressure;
    private final IngesterMetrics metrics;
    /** Seals full open blocks off the pushing threads. */
    private final BlockSealer sealer;
    private final WalWriter wal;
    private final Thread flusher;
    private volatile boolean stopping;
    private volatile boolean forceFlushRequested;

    /**
     * One thread seals blocks: on two cores a second one mostly competes with the pushes. Up to eight full blocks
     * (4 MB of raw text at the default size) may wait; beyond that pushes seal their own blocks.
     */
    static final int SEALER_THREADS = 1;
    static final int SEALER_QUEUE = 8;

    public Ingester(Path walDir, ChunkStore store, IngesterConfig cfg, InstantSource clock, IngesterMetrics metrics) throws IOException {
        this.cfg = cfg;
        this.store = store;
        this.clock = clock;
        this.metrics = metrics;
        this.codec = Codec.zstd(cfg.zstdLevel());
        this.sealer = new BlockSealer(SEALER_THREADS, SEALER_QUEUE);
        long last = replay(walDir);
        this.wal = new WalWriter(walDir, last, cfg.walSegmentBytes(), 1024, n -> metrics.walFsyncs(n));
        flushAllLocked(true);
        this.flusher = Thread.ofPlatform().name("flusher").daemon(true).start(this::flushLoop);
    }

    private long replay(Path walDir) throws IOException {
        long[] count = new long[1];
        long last = WalReader.replay(walDir, (segment, type, buf, off, len) -> {
            WalEntriesCodec.Decoded d = WalEntriesCodec.decode(type, buf, off, len, walDir.resolve(String.format("%08d.wal", segment)).toString());
            for (StreamEntries se : d.streams()) {
                apply(d.tenant(), se, segment, null);
                count[0] += se.size();
            }
        });
        if (count[0] > 0) log.info("replayed {} entries from the write-ahead log", count[0]);
        return last;
    }

    /** Number of fsyncs of the write-ahead log since start. */
    public long walFsyncs() {
        return wal.fsyncCount();
    }

    /**
     * Appends validated entries of one tenant. Returns once they are durable in the WAL; entries the head
     * refuses (too far behind) are reported in the result and not written.
     */
    public PushResult push(String tenant, List<StreamEntries> streams) throws IOException, InterruptedException {
        long estimate = 64;
        for (StreamEntries se : streams) estimate += se.lineBytes() + 16L * se.size();
        ByteWriter record = wal.newRecord((int) Math.min(estimate, WalFormat.MAX_RECORD_BYTES / 2));
        record.string(tenant);
        int streamCountAt = record.length();
        record.u32(0);
        Applied applied = new Applied(record, new WalEntriesCodec.SetTable(), new ArrayList<>());
        walLock.readLock().lock();
        try {
            long segment = wal.currentSegment();
            int written = 0;
            for (StreamEntries se : streams) {
                if (apply(tenant, se, segment, applied)) written++;
            }
            if (written == 0) {
                wal.recycle(record);
                return new PushResult(applied.errors);
            }
            record.putU32At(streamCountAt, written);
            CompletableFuture<Long> done = wal.append(WalFormat.RECORD_ENTRIES, record);
            try {
                done.get();
            } catch (ExecutionException e) {
                throw new IOException("write-ahead log failed: " + e.getCause().getMessage(), e.getCause());
            }
        } finally {
            walLock.readLock().unlock();
        }
        return new PushResult(applied.errors);
    }

    /** Collects the WAL record (streams) and per-entry errors of a live push; null during replay. */
    private record Applied(ByteWriter record, WalEntriesCodec.SetTable sets, List<PushResult.StreamError> errors) {
    }

    private boolean apply(String tenant, StreamEntries se, long segment, Applied applied) {
        PostingsIndex<Stream> head = tenants.computeIfAbsent(tenant, t -> new PostingsIndex<>());
        long now = clock.millis();
        while (true) {
            Stream s = head.get(se.labels());
            if (s == null) {
                s = head.putIfAbsent(se.labels(), new Stream(se.labels(), cfg.blockSizeBytes()));
                metrics.streamCreated(tenant);
            }
            s.lock.lock();
            try {
                if (s.removed()) continue;
                return applyLocked(s, se, segment, now, applied);
            } finally {
                s.lock.unlock();
            }
        }
    }

    private boolean applyLocked(Stream s, StreamEntries se, long segment, long now, Applied applied) {
        int headerAt = applied == null ? 0 : applied.record.length();
        int countAt = applied == null ? 0 : WalEntriesCodec.encodeStreamHeader(applied.record, s.walLabels);
        if (applied != null) applied.sets.reset();
        int accepted = 0;
        List<String> refused = null;
        int cuts = 0;
        long memoryBefore = s.memoryBytes();
        long compressedBefore = s.compressedBytes();
        long maxBehind = cfg.maxChunkAge().toNanos() / 2;
        try {
            for (int i = se.from(); i < se.to(); i++) {
                long ts = se.ts()[i];
                byte[] buf = se.lineBuffers()[i];
                int off = se.lineOffsets()[i];
                int len = se.lineLengths()[i];
                if (s.isRepeatOfLast(ts, buf, off, len)) continue;
                if (applied != null && s.highestTs() != Long.MIN_VALUE) {
                    String reason = null;
                    if (!cfg.unorderedWrites() && ts < s.highestTs()) {
                        reason = "entry out of order";
                    } else if (cfg.unorderedWrites() && ts < s.highestTs() - maxBehind) {
                        reason = "entry too far behind, entry timestamp is: " + RFC3339.format(instant(ts))
                                + ", oldest acceptable timestamp is: " + RFC3339.format(instant(s.highestTs() - maxBehind));
                    }
                    if (reason != null) {
                        if (refused == null) refused = new ArrayList<>();
                        refused.add("entry with timestamp " + goTimeString(ts) + " ignored, reason: '" + reason + "'");
                        continue;
                    }
                }
                if (applied != null) WalEntriesCodec.encodeEntry(applied.record, ts, buf, off, len, se.structuredMetadata()[i], applied.sets);
                accepted++;
                if (s.append(ts, buf, off, len, se.structuredMetadata()[i], segment, now)) cuts += handOff(s);
            }
            if (s.hasSealed()) cuts += s.settle(cfg, codec, sealer);
        } finally {
            // The pushed bytes may be reused once the push returns.
            s.keepLast();
        }
        if (applied != null) {
            if (accepted > 0) applied.record.putU32At(countAt, accepted);
            else applied.record.truncate(headerAt);
        }
        if (refused != null) applied.errors.add(new PushResult.StreamError(s.labelsText, se.size(), refused));
        accountHeadChange(s, memoryBefore, compressedBefore, cuts, applied != null);
        return accepted > 0;
    }

    /**
     * Hands the stream's full open block to the sealer; seals it here when the sealer's queue is full. Returns the
     * number of chunks cut. Call with the stream's lock held.
     */
    private int handOff(Stream s) {
        Stream.Sealing p = s.handOff(sealer);
        if (sealer.submit(() -> sealInBackground(s, p))) return 0;
        p.block(codec);
        return s.settle(cfg, codec, sealer);
    }

    /** The sealer's task: seals the block without any lock, then settles it into its stream. */
    private void sealInBackground(Stream s, Stream.Sealing p) {
        try {
            if (p.claim()) p.seal(codec);
        } catch (RuntimeException e) {
            log.error("sealing a block of {} failed", s.labelsText, e);
            return;
        }
        s.lock.lock();
        try {
            long memoryBefore = s.memoryBytes();
            long compressedBefore = s.compressedBytes();
            int cuts = s.settle(cfg, codec, sealer);
            accountHeadChange(s, memoryBefore, compressedBefore, cuts, true);
        } catch (RuntimeException e) {
            log.error("settling a sealed block of {} failed", s.labelsText, e);
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * Adds a stream's change in held memory to the totals and wakes the flusher when a budget is exceeded or enough
     * chunks were cut ({@code live}: not during replay). Call with the stream's lock held.
     */
    private void accountHeadChange(Stream s, long memoryBefore, long compressedBefore, int cuts, boolean live) {
        long inMemory = headMemoryBytes.addAndGet(s.memoryBytes() - memoryBefore);
        long compressed = compressedBytes.addAndGet(s.compressedBytes() - compressedBefore);
        if (inMemory > cfg.headMemoryBudgetBytes() && live && !memoryPressure) {
            memoryPressure = true;
            signalFlush();
        } else if (compressed > cfg.headMemoryBudgetBytes() / IngesterConfig.COMPRESSED_SHARE_OF_BUDGET && live && !compressedPressure) {
            compressedPressure = true;
            signalFlush();
        }
        if (cuts > 0) {
            long bytes = pendingFlushBytes.addAndGet((long) cuts * cfg.chunkTargetSizeBytes());
            if (bytes >= 16L * Math.max(1, cfg.chunkTargetSizeBytes())) signalFlush();
        }
    }

    /** Go's {@code time.Time.String()} of a UTC time, as Loki prints it: no trailing zeros in the fraction, none when zero. */
    static String goTimeString(long nanos) {
        Instant t = instant(nanos);
        StringBuilder sb = new StringBuilder(40).append(GO_SECONDS.format(t));
        int frac = t.getNano();
        if (frac != 0) {
            int digits = 9;
            while (frac % 10 == 0) {
                frac /= 10;
                digits--;
            }
            String f = Integer.toString(frac);
            sb.append('.');
            for (int i = f.length(); i < digits; i++) sb.append('0');
            sb.append(f);
        }
        return sb.append(" +0000 UTC").toString();
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    // ---- flush ----

    /** Cuts every head chunk and flushes it (Loki's POST /flush); returns after everything is stored. */
    public void flushAll() throws IOException {
        flushAllLocked(true);
    }

    /** Asks the flusher to flush everything soon, without waiting (POST /flush answers at once, as Loki). */
    public void requestFlush() {
        forceFlushRequested = true;
        signalFlush();
    }

    /** True when a push or POST /flush asked for a flush that has not started yet. */
    private boolean flushRequested() {
        return forceFlushRequested || memoryPressure || compressedPressure
                || pendingFlushBytes.get() >= 16L * Math.max(1, cfg.chunkTargetSizeBytes());
    }

    private void signalFlush() {
        synchronized (flushSignal) {
            flushSignal.notifyAll();
        }
    }

    private void flushLoop() {
        while (!stopping) {
            synchronized (flushSignal) {
                try {
                    // A request made while the last flush ran must not wait for the next periodic check: its flag
                    // is set before the signal, which found nobody waiting.
                    if (!stopping && !flushRequested()) flushSignal.wait(Math.min(cfg.flushCheckPeriod().toMillis(), 10_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (stopping) return;
            boolean force = forceFlushRequested;
            forceFlushRequested = false;
            try {
                if (force) flushAllLocked(FlushMode.FORCE);
                else if (memoryPressure) flushAllLocked(FlushMode.MEMORY_PRESSURE);
                else if (compressedPressure) flushAllLocked(FlushMode.CLOSED_BLOCKS);
                else flushDue();
            } catch (IOException | RuntimeException e) {
                log.error("flush failed; will retry", e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * One periodic flush check, as the flusher runs it every {@code flush_check_period}: flushes the chunks that
     * are full, idle or too old, then deletes the WAL segments whose data is all flushed.
     */
    void flushDue() throws IOException {
        flushAllLocked(FlushMode.DUE);
    }

    /**
     * What a flush cuts: chunks due by the flush rules; everything (POST /flush, shutdown); under memory pressure
     * every open chunk, giving back the open blocks' buffers; or only the compressed blocks of the open chunks.
     */
    private enum FlushMode { DUE, FORCE, MEMORY_PRESSURE, CLOSED_BLOCKS }

    private final java.util.concurrent.locks.ReentrantLock flushLock = new java.util.concurrent.locks.ReentrantLock();

    private void flushAllLocked(boolean force) throws IOException {
        flushAllLocked(force ? FlushMode.FORCE : FlushMode.DUE);
    }

    private void flushAllLocked(FlushMode mode) throws IOException {
        flushLock.lock();
        try {
            pendingFlushBytes.set(0);
            memoryPressure = false;
            compressedPressure = false;
            long now = clock.millis();
            for (Map.Entry<String, PostingsIndex<Stream>> t : tenants.entrySet()) {
                flushTenant(t.getKey(), t.getValue(), now, mode);
            }
            if (wal != null) truncateWal();
        } finally {
            flushLock.unlock();
        }
    }

    private void flushTenant(String tenant, PostingsIndex<Stream> head, long now, FlushMode mode) throws IOException {
        boolean force = mode == FlushMode.FORCE;
        List<Stream> streams = head.select(List.of());
        List<ChunkStore.NewChunk> out = new ArrayList<>();
        List<Stream> owners = new ArrayList<>();
        List<List<Chunk>> taken = new ArrayList<>();
        for (Stream s : streams) {
            s.lock.lock();
            try {
                long before = s.memoryBytes();
                long compressedBefore = s.compressedBytes();
                if (s.hasSealed()) s.settle(cfg, codec, sealer);
                switch (mode) {
                    case DUE, FORCE -> s.maybeCut(now, force, false, cfg, codec, sealer);
                    case MEMORY_PRESSURE -> s.maybeCut(now, false, true, cfg, codec, sealer);
                    case CLOSED_BLOCKS -> {
                        if (!s.maybeCut(now, false, false, cfg, codec, sealer)) s.cutClosedBlocks();
                    }
                }
                headMemoryBytes.addAndGet(s.memoryBytes() - before);
                compressedBytes.addAndGet(s.compressedBytes() - compressedBefore);
                List<Chunk> chunks = s.cutChunks();
                if (chunks.isEmpty()) continue;
                for (Chunk c : chunks) out.add(new ChunkStore.NewChunk(s.labels, c.blocks(), c.minTs(), c.maxTs()));
                owners.add(s);
                taken.add(chunks);
            } finally {
                s.lock.unlock();
            }
        }
        if (!out.isEmpty()) {
            store.write(tenant, out);
            metrics.chunksFlushed(tenant, out.size());
        }
        for (int i = 0; i < owners.size(); i++) {
            Stream s = owners.get(i);
            s.lock.lock();
            try {
                long before = s.memoryBytes();
                long compressedBefore = s.compressedBytes();
                s.removeFlushed(taken.get(i));
                headMemoryBytes.addAndGet(s.memoryBytes() - before);
                compressedBytes.addAndGet(s.compressedBytes() - compressedBefore);
            } finally {
                s.lock.unlock();
            }
        }
        // Forget streams that hold nothing and have been idle: their data is in the store.
        for (Stream s : streams) {
            s.lock.lock();
            try {
                if (s.isEmpty() && now - s.lastAppendMillis() >= cfg.chunkIdlePeriod().toMillis() || s.isEmpty() && force) {
                    s.markRemoved();
                    head.remove(s.labels);
                    headMemoryBytes.addAndGet(-s.memoryBytes());
                    compressedBytes.addAndGet(-s.compressedBytes());
                    metrics.streamRemoved(tenant);
                }
            } finally {
                s.lock.unlock();
            }
        }
    }

    /**
     * Deletes the WAL segments that hold only flushed data. The oldest segment still needed is found under the write
     * side of {@link #walLock}, so that no push is between choosing its segment and appending; the files are deleted
     * after it is released: unlinking a full segment takes tens of milliseconds, and pushes would wait that long.
     */
    private void truncateWal() throws IOException {
        long min;
        walLock.writeLock().lock();
        try {
            min = oldestSegmentNeeded();
        } finally {
            walLock.writeLock().unlock();
        }
        if (min >= 0) wal.deleteSegmentsBefore(min);
    }

    /** The oldest WAL segment holding unflushed data; rolls to a fresh one when there is none; -1 if interrupted. */
    private long oldestSegmentNeeded() throws IOException {
        long min = Long.MAX_VALUE;
        for (PostingsIndex<Stream> head : tenants.values()) {
            for (Stream s : head.select(List.of())) {
                s.lock.lock();
                try {
                    min = Math.min(min, s.firstUnflushedSegment());
                } finally {
                    s.lock.unlock();
                }
            }
        }
        if (min != Long.MAX_VALUE) return min;
        // Nothing is left unflushed: start a fresh segment so that every older one can go. (When some stream still
        // holds data, the oldest segment with its data and every later one must stay.)
        try {
            return wal.roll().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (ExecutionException e) {
            throw new IOException("write-ahead log roll failed", e.getCause());
        }
    }

    // ---- query side ----

    /**
     * The head data of one stream for a query: compressed blocks, plus snapshots of the raw blocks (those waiting to
     * be sealed, then the open one), each sorted by timestamp.
     */
    public record HeadSeries(Labels labels, List<Block> blocks, List<DecodedBlock> raw) {
    }

    /** Head data of the tenant's streams matching the matchers and overlapping the range. */
    public List<HeadSeries> select(String tenant, List<LabelMatcher> matchers, long fromNanos, long throughNanos) {
        PostingsIndex<Stream> head = tenants.get(tenant);
        if (head == null) return List.of();
        List<HeadSeries> out = new ArrayList<>();
        for (Stream s : head.select(matchers)) {
            s.lock.lock();
            try {
                if (!s.overlaps(fromNanos, throughNanos)) continue;
                List<Block> blocks = new ArrayList<>();
                List<DecodedBlock> raw = s.snapshot(fromNanos, throughNanos, blocks);
                if (!blocks.isEmpty() || !raw.isEmpty()) out.add(new HeadSeries(s.labels, blocks, raw));
            } finally {
                s.lock.unlock();
            }
        }
        return out;
    }

    public int memoryStreams() {
        int n = 0;
        for (PostingsIndex<Stream> h : tenants.values()) n += h.size();
        return n;
    }

    @Override
    public void close() throws IOException {
        stopping = true;
        signalFlush();
        try {
            flusher.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sealer.close();
        wal.close();
    }
}
