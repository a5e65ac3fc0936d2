package io.norn.ingester;

import io.norn.chunkenc.Block;
import io.norn.chunkenc.Codec;
import io.norn.chunkenc.DecodedBlock;
import io.norn.chunkenc.HeadBlock;
import io.norn.model.Labels;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory head of one stream: the open block, the full blocks being sealed (compressed off the pushing
 * thread), the closed blocks of the open chunk and the cut chunks waiting for flush. The open chunk is, in order,
 * its closed blocks, the blocks being sealed and the open block. Every field is guarded by {@link #lock}.
 */
final class Stream {
    final Labels labels;
    final String labelsText;
    /** The labels as every WAL record of this stream starts, encoded once. */
    final byte[] walLabels;
    final ReentrantLock lock = new ReentrantLock();

    private HeadBlock head;
    private final List<Block> closed = new ArrayList<>();
    /** Full blocks handed to the sealer, oldest first; they follow {@link #closed} in the open chunk. */
    private final ArrayDeque<Sealing> sealing = new ArrayDeque<>();
    /** Heap held by the raw blocks being sealed. */
    private long sealingBytes;
    private final List<Chunk> cut = new ArrayList<>();
    private final int blockSizeBytes;
    /** Text bytes at which the open block is full: the block size, or less for the first block, see {@link #staggeredLimit}. */
    private int blockLimitBytes;
    private int closedBytes;
    /**
     * Heap held by compressed blocks with their n-gram filters: the open chunk's closed blocks and cut chunks waiting
     * for flush.
     */
    private long compressedBytes;
    private long chunkMinTs = Long.MAX_VALUE;
    private long chunkMaxTs = Long.MIN_VALUE;
    private long chunkFirstSegment = -1;
    /** Chunks cut so far: seeds the n-gram filters of the next chunk's blocks, so that chunks differ in collisions. */
    private int chunkNumber;
    /** The WAL segment of the open block's first entry (-1 when the open block is empty). */
    private long headFirstSegment = -1;
    /** When the open block's first entry arrived. */
    private long headStartedMillis;
    private long chunkStartedMillis;
    private long lastAppendMillis;
    private long highestTs = Long.MIN_VALUE;
    private long lastTs = Long.MIN_VALUE;
    /** The last accepted line: a slice of the current push's bytes until {@link #keepLast} copies it here. */
    private byte[] lastBuf;
    private int lastOff;
    private int lastLen;
    private byte[] lastOwned = new byte[0];
    private boolean removed;

    Stream(Labels labels, int blockSizeBytes) {
        this.head = new HeadBlock(headCapacity(blockSizeBytes));
        this.labels = labels;
        this.labelsText = labels.toString();
        this.walLabels = WalEntriesCodec.encodeLabels(labels);
        this.blockSizeBytes = blockSizeBytes;
        this.blockLimitBytes = staggeredLimit(0);
    }

    /**
     * The size at which an open block that follows a cut of a partial block is handed off: between half and all of
     * the block size, varying by stream. Streams created together (or all cut by one flush) and fed at similar rates
     * would otherwise fill their blocks in lockstep and hand them all to the sealer at once.
     */
    private int staggeredLimit(int salt) {
        int half = blockSizeBytes / 2;
        if (half == 0) return blockSizeBytes;
        return blockSizeBytes - Math.floorMod(labelsText.hashCode() * 31 + salt * 0x9E3779B1, half);
    }

    /** The capacity of an open block's text buffer for a block size: the size plus room for the line that crosses it. */
    static int headCapacity(int blockSizeBytes) {
        return blockSizeBytes + 4096;
    }

    /**
     * A full block handed over for sealing. Its raw entries stay readable (by queries, under the stream's lock) until
     * its block is settled into the stream. Whoever {@linkplain #claim claims} it seals it, without any lock: the
     * sealer's thread, or a thread that cannot wait (a full queue, a flush).
     */
    static final class Sealing {
        final HeadBlock raw;
        /** The n-gram seed at hand-over: the chunk number the block then belonged to. */
        final int ngramSeed;
        /** The WAL segment of the block's first entry. */
        final long firstSegment;
        /** When the block's first entry arrived. */
        final long startedMillis;
        final long memoryBytes;
        private final String source;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CompletableFuture<Block> sealed = new CompletableFuture<>();

        Sealing(HeadBlock raw, int ngramSeed, long firstSegment, long startedMillis, String source) {
            this.raw = raw;
            this.ngramSeed = ngramSeed;
            this.firstSegment = firstSegment;
            this.startedMillis = startedMillis;
            this.memoryBytes = raw.memoryBytes();
            this.source = source;
        }

        /** True for exactly one caller, which must then {@link #seal}. */
        boolean claim() {
            return claimed.compareAndSet(false, true);
        }

        void seal(Codec codec) {
            try {
                sealed.complete(raw.seal(codec, source, ngramSeed));
            } catch (RuntimeException | Error e) {
                sealed.completeExceptionally(e);
                throw e;
            }
        }

        boolean isSealed() {
            return sealed.isDone();
        }

        /** The block once {@link #isSealed}. */
        Block sealedBlock() {
            return sealed.join();
        }

        /** The sealed block: sealed here if nobody has claimed it yet, else waits for whoever did. */
        Block block(Codec codec) {
            if (claim()) seal(codec);
            return sealed.join();
        }
    }

    boolean removed() {
        return removed;
    }

    void markRemoved() {
        removed = true;
    }

    long highestTs() {
        return highestTs;
    }

    /** True when this entry repeats the last accepted one exactly (Loki drops those silently). */
    boolean isRepeatOfLast(long ts, byte[] buf, int off, int len) {
        return ts == lastTs && lastBuf != null && len == lastLen && Arrays.equals(buf, off, off + len, lastBuf, lastOff, lastOff + lastLen);
    }

    /** Copies the last accepted line out of the push's bytes; call before the push's bytes go away. */
    void keepLast() {
        if (lastBuf == null || lastBuf == lastOwned) return;
        if (lastOwned.length < lastLen) lastOwned = new byte[Math.max(lastLen, 2 * lastOwned.length)];
        System.arraycopy(lastBuf, lastOff, lastOwned, 0, lastLen);
        lastBuf = lastOwned;
        lastOff = 0;
    }

    /** Appends an accepted entry; returns true when the open block is full: the caller then {@linkplain #handOff hands it off}. */
    boolean append(long ts, byte[] buf, int off, int len, Labels sm, long walSegment, long nowMillis) {
        if (head.isEmpty() && closed.isEmpty() && sealing.isEmpty()) {
            chunkFirstSegment = walSegment;
            chunkStartedMillis = nowMillis;
        }
        if (head.isEmpty()) {
            headFirstSegment = walSegment;
            headStartedMillis = nowMillis;
        }
        head.append(ts, buf, off, len, sm);
        chunkMinTs = Math.min(chunkMinTs, ts);
        chunkMaxTs = Math.max(chunkMaxTs, ts);
        highestTs = Math.max(highestTs, ts);
        lastTs = ts;
        lastBuf = buf;
        lastOff = off;
        lastLen = len;
        lastAppendMillis = nowMillis;
        return head.textBytes() >= blockLimitBytes;
    }

    /**
     * Hands the (non-empty) open block over for sealing and opens an empty one from {@code spares} in its place; the
     * caller must see that the returned block gets sealed and then {@linkplain #settle settled}.
     */
    Sealing handOff(BlockSealer spares) {
        if (head.isEmpty()) throw new IllegalStateException("hand-off of an empty open block");
        HeadBlock empty = spares.emptyHead(head);
        if (!empty.isEmpty()) throw new IllegalStateException("the new open block is not empty");
        Sealing p = new Sealing(head, chunkNumber, headFirstSegment, headStartedMillis, "head " + labelsText);
        sealing.addLast(p);
        sealingBytes += p.memoryBytes;
        head = empty;
        blockLimitBytes = blockSizeBytes;
        headFirstSegment = -1;
        return p;
    }

    /** True when the oldest block being sealed is sealed, so that {@link #settle} has something to do. */
    boolean hasSealed() {
        Sealing first = sealing.peekFirst();
        return first != null && first.isSealed();
    }

    /**
     * Moves the blocks that are sealed, oldest first and up to the first that is not, from sealing to the closed
     * blocks, and cuts the open chunk each time it reaches its target size, exactly where sealing inline would have
     * cut it (a block sealed with a chunk's seed that ends up in the next chunk is sealed again with the right one).
     * The raw blocks go back to {@code spares}. Returns the number of chunks cut.
     */
    int settle(IngesterConfig cfg, Codec codec, BlockSealer spares) {
        int cuts = 0;
        while (hasSealed()) {
            Sealing p = sealing.pollFirst();
            Block b = p.block(codec);
            if (p.ngramSeed != chunkNumber) b = p.raw.seal(codec, "head " + labelsText, chunkNumber);
            sealingBytes -= p.memoryBytes;
            spares.recycle(p.raw);
            closed.add(b);
            closedBytes += b.storedBytes();
            compressedBytes += b.heapBytes();
            if (cfg.chunkTargetSizeBytes() > 0 && closedBytes >= cfg.chunkTargetSizeBytes()) {
                cutClosedBlocks();
                cuts++;
            }
        }
        return cuts;
    }

    /**
     * Seals, here or by waiting for the sealer, every block being sealed, and settles them; returns the number of
     * chunks cut. For cuts that must take the whole open chunk.
     */
    int settleAll(IngesterConfig cfg, Codec codec, BlockSealer spares) {
        for (Sealing p : sealing) p.block(codec);
        return settle(cfg, codec, spares);
    }

    /**
     * Cuts the open chunk if a flush rule says so, always when forced, and under memory pressure when it holds
     * compressed blocks; returns true if it cut.
     */
    boolean maybeCut(long nowMillis, boolean force, boolean memoryPressure, IngesterConfig cfg, Codec codec, BlockSealer spares) {
        if (head.isEmpty() && closed.isEmpty() && sealing.isEmpty()) return false;
        if (memoryPressure) {
            settleAll(cfg, codec, spares);
            cutChunk(codec);
            head.release();
            return true;
        }
        boolean idle = nowMillis - lastAppendMillis >= cfg.chunkIdlePeriod().toMillis();
        boolean old = nowMillis - chunkStartedMillis >= cfg.maxChunkAge().toMillis()
                || chunkMaxTs - chunkMinTs >= cfg.maxChunkAge().toNanos();
        if (!force && !idle && !old) return false;
        settleAll(cfg, codec, spares);
        cutChunk(codec);
        return true;
    }

    /**
     * Moves the closed (compressed) blocks of the open chunk into a cut chunk, leaving the blocks being sealed and the
     * open block, which start the next chunk; returns true if it cut. Keeps blocks full (and so the compression ratio)
     * while giving the compressed data to the flusher early.
     */
    boolean cutClosedBlocks() {
        if (closed.isEmpty()) return false;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Block b : closed) {
            min = Math.min(min, b.minTs());
            max = Math.max(max, b.maxTs());
        }
        cut.add(new Chunk(closed, min, max, chunkFirstSegment));
        closed.clear();
        closedBytes = 0;
        chunkNumber++;
        chunkMinTs = Long.MAX_VALUE;
        chunkMaxTs = Long.MIN_VALUE;
        chunkFirstSegment = -1;
        // the next chunk starts with the oldest block being sealed, else with the open block
        for (Sealing p : sealing) {
            chunkMinTs = Math.min(chunkMinTs, p.raw.minTs());
            chunkMaxTs = Math.max(chunkMaxTs, p.raw.maxTs());
            if (chunkFirstSegment < 0) {
                chunkFirstSegment = p.firstSegment;
                chunkStartedMillis = p.startedMillis;
            }
        }
        if (!head.isEmpty()) {
            chunkMinTs = Math.min(chunkMinTs, head.minTs());
            chunkMaxTs = Math.max(chunkMaxTs, head.maxTs());
            if (chunkFirstSegment < 0) {
                chunkFirstSegment = headFirstSegment;
                chunkStartedMillis = headStartedMillis;
            }
        }
        return true;
    }

    /** Cuts the whole open chunk, sealing the open block here; the blocks being sealed must have been settled. */
    private void cutChunk(Codec codec) {
        if (!sealing.isEmpty()) throw new IllegalStateException("cut of a chunk with blocks still being sealed");
        if (head.isEmpty() && closed.isEmpty()) return;
        if (!head.isEmpty()) {
            Block b = head.cut(codec, "head " + labelsText, chunkNumber);
            closed.add(b);
            compressedBytes += b.heapBytes();
            headFirstSegment = -1;
            blockLimitBytes = staggeredLimit(chunkNumber + 1);
        }
        cut.add(new Chunk(closed, chunkMinTs, chunkMaxTs, chunkFirstSegment));
        closed.clear();
        closedBytes = 0;
        chunkNumber++;
        chunkMinTs = Long.MAX_VALUE;
        chunkMaxTs = Long.MIN_VALUE;
        chunkFirstSegment = -1;
    }

    List<Chunk> cutChunks() {
        return List.copyOf(cut);
    }

    void removeFlushed(List<Chunk> flushed) {
        for (Chunk c : flushed) if (cut.remove(c)) compressedBytes -= c.heapBytes();
    }

    boolean isEmpty() {
        return head.isEmpty() && closed.isEmpty() && sealing.isEmpty() && cut.isEmpty();
    }

    long lastAppendMillis() {
        return lastAppendMillis;
    }

    /** Oldest WAL segment holding data of this stream that is not yet flushed, or Long.MAX_VALUE. */
    long firstUnflushedSegment() {
        long min = chunkFirstSegment >= 0 ? chunkFirstSegment : Long.MAX_VALUE;
        for (Chunk c : cut) min = Math.min(min, c.firstWalSegment());
        return min;
    }

    boolean overlaps(long fromNanos, long throughNanos) {
        if (!head.isEmpty() || !closed.isEmpty() || !sealing.isEmpty()) {
            if (chunkMaxTs >= fromNanos && chunkMinTs < throughNanos) return true;
        }
        for (Chunk c : cut) if (c.maxTs() >= fromNanos && c.minTs() < throughNanos) return true;
        return false;
    }

    /**
     * Adds to {@code blocks} the compressed blocks overlapping the range (those already sealed among the blocks being
     * sealed too); returns snapshots of the raw entries in the range, each sorted by timestamp: those of the blocks
     * still being sealed, oldest first, then the open block's.
     */
    List<DecodedBlock> snapshot(long fromNanos, long throughNanos, List<Block> blocks) {
        for (Chunk c : cut) for (Block b : c.blocks()) if (b.overlaps(fromNanos, throughNanos)) blocks.add(b);
        for (Block b : closed) if (b.overlaps(fromNanos, throughNanos)) blocks.add(b);
        List<DecodedBlock> raw = new ArrayList<>(2);
        for (Sealing p : sealing) {
            if (p.raw.maxTs() < fromNanos || p.raw.minTs() >= throughNanos) continue;
            if (p.isSealed()) blocks.add(p.sealedBlock());
            else raw.add(p.raw.snapshot(fromNanos, throughNanos));
        }
        if (!head.isEmpty() && head.maxTs() >= fromNanos && head.minTs() < throughNanos) raw.add(head.snapshot(fromNanos, throughNanos));
        return raw;
    }

    /** Compressed bytes held in memory (closed blocks and cut chunks not yet flushed). */
    long compressedBytes() {
        return compressedBytes;
    }

    /**
     * Heap bytes held for this stream: the open block's buffers, the raw blocks being sealed and compressed blocks not
     * yet flushed.
     */
    long memoryBytes() {
        return compressedBytes + head.memoryBytes() + sealingBytes;
    }

    /** Blocks handed over and not yet settled (for tests). */
    int sealingCount() {
        return sealing.size();
    }
}
