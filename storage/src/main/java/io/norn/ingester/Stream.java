package io.norn.ingester;

import io.norn.chunkenc.Block;
import io.norn.chunkenc.Codec;
import io.norn.chunkenc.DecodedBlock;
import io.norn.chunkenc.HeadBlock;
import io.norn.model.Labels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory head of one stream: the open block, the closed blocks of the open chunk and the cut chunks
 * waiting for flush. Every field is guarded by {@link #lock}.
 */
final class Stream {
    final Labels labels;
    final String labelsText;
    final ReentrantLock lock = new ReentrantLock();

    private final HeadBlock head;
    private final List<Block> closed = new ArrayList<>();
    private final List<Chunk> cut = new ArrayList<>();
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
        this.head = new HeadBlock(blockSizeBytes + 4096);
        this.labels = labels;
        this.labelsText = labels.toString();
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

    /** Appends an accepted entry; returns true when the open chunk reached its target size and was cut. */
    boolean append(long ts, byte[] buf, int off, int len, Labels sm, long walSegment, long nowMillis, IngesterConfig cfg, Codec codec) {
        if (head.isEmpty() && closed.isEmpty()) {
            chunkFirstSegment = walSegment;
            chunkStartedMillis = nowMillis;
        }
        if (head.isEmpty()) headFirstSegment = walSegment;
        head.append(ts, buf, off, len, sm);
        chunkMinTs = Math.min(chunkMinTs, ts);
        chunkMaxTs = Math.max(chunkMaxTs, ts);
        highestTs = Math.max(highestTs, ts);
        lastTs = ts;
        lastBuf = buf;
        lastOff = off;
        lastLen = len;
        lastAppendMillis = nowMillis;
        if (head.textBytes() >= cfg.blockSizeBytes()) {
            Block b = head.cut(codec, "head " + labelsText, chunkNumber);
            headFirstSegment = -1;
            closed.add(b);
            closedBytes += b.storedBytes();
            compressedBytes += b.heapBytes();
            if (cfg.chunkTargetSizeBytes() > 0 && closedBytes >= cfg.chunkTargetSizeBytes()) {
                cutChunk(codec);
                return true;
            }
        }
        return false;
    }

    /**
     * Cuts the open chunk if a flush rule says so, always when forced, and under memory pressure when it holds
     * compressed blocks; returns true if it cut.
     */
    boolean maybeCut(long nowMillis, boolean force, boolean memoryPressure, IngesterConfig cfg, Codec codec) {
        if (head.isEmpty() && closed.isEmpty()) return false;
        if (memoryPressure) {
            cutChunk(codec);
            head.release();
            return true;
        }
        boolean idle = nowMillis - lastAppendMillis >= cfg.chunkIdlePeriod().toMillis();
        boolean old = nowMillis - chunkStartedMillis >= cfg.maxChunkAge().toMillis()
                || chunkMaxTs - chunkMinTs >= cfg.maxChunkAge().toNanos();
        if (!force && !idle && !old) return false;
        cutChunk(codec);
        return true;
    }

    /**
     * Moves the closed (compressed) blocks of the open chunk into a cut chunk, leaving the open block, which starts
     * the next chunk; returns true if it cut. Keeps blocks full (and so the compression ratio) while giving the
     * compressed data to the flusher early.
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
        if (head.isEmpty()) {
            chunkMinTs = Long.MAX_VALUE;
            chunkMaxTs = Long.MIN_VALUE;
            chunkFirstSegment = -1;
        } else {
            chunkMinTs = head.minTs();
            chunkMaxTs = head.maxTs();
            chunkFirstSegment = headFirstSegment;
        }
        return true;
    }

    private void cutChunk(Codec codec) {
        if (!head.isEmpty()) {
            Block b = head.cut(codec, "head " + labelsText, chunkNumber);
            closed.add(b);
            compressedBytes += b.heapBytes();
            headFirstSegment = -1;
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
        return head.isEmpty() && closed.isEmpty() && cut.isEmpty();
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
        if (!head.isEmpty() || !closed.isEmpty()) {
            if (chunkMaxTs >= fromNanos && chunkMinTs < throughNanos) return true;
        }
        for (Chunk c : cut) if (c.maxTs() >= fromNanos && c.minTs() < throughNanos) return true;
        return false;
    }

    /** Adds to {@code blocks} the compressed blocks overlapping the range; returns a snapshot of the open block. */
    Optional<DecodedBlock> snapshot(long fromNanos, long throughNanos, List<Block> blocks) {
        for (Chunk c : cut) for (Block b : c.blocks()) if (b.overlaps(fromNanos, throughNanos)) blocks.add(b);
        for (Block b : closed) if (b.overlaps(fromNanos, throughNanos)) blocks.add(b);
        if (head.isEmpty() || head.maxTs() < fromNanos || head.minTs() >= throughNanos) return Optional.empty();
        return Optional.of(head.snapshot(fromNanos, throughNanos));
    }

    /** Compressed bytes held in memory (closed blocks and cut chunks not yet flushed). */
    long compressedBytes() {
        return compressedBytes;
    }

    /** Heap bytes held for this stream: the open block's buffers plus compressed blocks not yet flushed. */
    long memoryBytes() {
        return compressedBytes + head.memoryBytes();
    }
}
