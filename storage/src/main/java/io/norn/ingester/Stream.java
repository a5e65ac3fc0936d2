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

    private final HeadBlock head = new HeadBlock();
    private final List<Block> closed = new ArrayList<>();
    private final List<Chunk> cut = new ArrayList<>();
    private int closedBytes;
    private long chunkMinTs = Long.MAX_VALUE;
    private long chunkMaxTs = Long.MIN_VALUE;
    private long chunkFirstSegment = -1;
    private long chunkStartedMillis;
    private long lastAppendMillis;
    private long highestTs = Long.MIN_VALUE;
    private long lastTs = Long.MIN_VALUE;
    private byte[] lastLine;
    private boolean removed;

    Stream(Labels labels) {
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
    boolean isRepeatOfLast(long ts, byte[] line) {
        return ts == lastTs && lastLine != null && Arrays.equals(line, lastLine);
    }

    /** Appends an accepted entry; returns true when the open chunk reached its target size and was cut. */
    boolean append(long ts, byte[] line, Labels sm, long walSegment, long nowMillis, IngesterConfig cfg, Codec codec) {
        if (head.isEmpty() && closed.isEmpty()) {
            chunkFirstSegment = walSegment;
            chunkStartedMillis = nowMillis;
        }
        head.append(ts, line, 0, line.length, sm);
        chunkMinTs = Math.min(chunkMinTs, ts);
        chunkMaxTs = Math.max(chunkMaxTs, ts);
        highestTs = Math.max(highestTs, ts);
        lastTs = ts;
        lastLine = line;
        lastAppendMillis = nowMillis;
        if (head.textBytes() >= cfg.blockSizeBytes()) {
            Block b = head.cut(codec, "head " + labelsText);
            closed.add(b);
            closedBytes += b.storedBytes();
            if (cfg.chunkTargetSizeBytes() > 0 && closedBytes >= cfg.chunkTargetSizeBytes()) {
                cutChunk(codec);
                return true;
            }
        }
        return false;
    }

    /** Cuts the open chunk if a flush rule says so (or always when forced); returns true if it cut. */
    boolean maybeCut(long nowMillis, boolean force, IngesterConfig cfg, Codec codec) {
        if (head.isEmpty() && closed.isEmpty()) return false;
        boolean idle = nowMillis - lastAppendMillis >= cfg.chunkIdlePeriod().toMillis();
        boolean old = nowMillis - chunkStartedMillis >= cfg.maxChunkAge().toMillis()
                || chunkMaxTs - chunkMinTs >= cfg.maxChunkAge().toNanos();
        if (!force && !idle && !old) return false;
        cutChunk(codec);
        return true;
    }

    private void cutChunk(Codec codec) {
        if (!head.isEmpty()) {
            Block b = head.cut(codec, "head " + labelsText);
            closed.add(b);
        }
        cut.add(new Chunk(closed, chunkMinTs, chunkMaxTs, chunkFirstSegment));
        closed.clear();
        closedBytes = 0;
        chunkMinTs = Long.MAX_VALUE;
        chunkMaxTs = Long.MIN_VALUE;
        chunkFirstSegment = -1;
    }

    List<Chunk> cutChunks() {
        return List.copyOf(cut);
    }

    void removeFlushed(List<Chunk> flushed) {
        cut.removeAll(flushed);
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

    int headBytes() {
        int n = head.textBytes() + closedBytes;
        for (Chunk c : cut) n += c.storedBytes();
        return n;
    }
}
