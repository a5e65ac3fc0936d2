package io.norn.ingester;

import java.time.Duration;

/**
 * Head and flush settings (Loki's {@code ingester} block): block size, chunk cut rules, out-of-order window.
 * Blocks default to 512 KB of text (Loki: 256 KB) compressed with zstd level 1: on real logs that is both faster
 * and smaller than level 3 at 256 KB, about 1/11 of the raw size (see docs/benchmarks.md).
 */
public record IngesterConfig(int blockSizeBytes, int chunkTargetSizeBytes, Duration chunkIdlePeriod, Duration maxChunkAge,
                             Duration flushCheckPeriod, boolean unorderedWrites, int zstdLevel, long walSegmentBytes,
                             long headMemoryBudgetBytes) {
    /**
     * Half of the heap for head data (open blocks and compressed blocks not yet flushed); beyond it every open
     * chunk is cut and flushed early and the buffers of the open blocks are given back. Compressed blocks alone
     * are flushed early (without cutting the open blocks) once they exceed {@link #COMPRESSED_SHARE_OF_BUDGET}.
     */
    public static final long DEFAULT_HEAD_MEMORY_BUDGET_BYTES = Runtime.getRuntime().maxMemory() / 2;

    /**
     * Compressed blocks held in the head beyond 1/24 of the budget are flushed early. Kept this small, they are
     * flushed before the collector promotes them (at 1.2 M lines/s with bin/norn's heap, every ~0.3 s, about one
     * young collection); at 1/6 every compressed block reached the old generation and caused a full collection
     * every second or two. Costs more, smaller chunks under heavy ingest (see docs/benchmarks.md).
     */
    static final int COMPRESSED_SHARE_OF_BUDGET = 24;

    public IngesterConfig(int blockSizeBytes, int chunkTargetSizeBytes, Duration chunkIdlePeriod, Duration maxChunkAge,
                          Duration flushCheckPeriod, boolean unorderedWrites, int zstdLevel, long walSegmentBytes) {
        this(blockSizeBytes, chunkTargetSizeBytes, chunkIdlePeriod, maxChunkAge, flushCheckPeriod, unorderedWrites, zstdLevel,
                walSegmentBytes, DEFAULT_HEAD_MEMORY_BUDGET_BYTES);
    }

    public static IngesterConfig defaults() {
        return new IngesterConfig(524_288, 1_572_864, Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofSeconds(30),
                true, 1, 128L << 20);
    }

    public IngesterConfig {
        if (blockSizeBytes <= 0) throw new IllegalArgumentException("chunk_block_size must be positive: " + blockSizeBytes);
        if (chunkTargetSizeBytes < 0) throw new IllegalArgumentException("chunk_target_size must not be negative: " + chunkTargetSizeBytes);
        if (headMemoryBudgetBytes <= 0) throw new IllegalArgumentException("head memory budget must be positive: " + headMemoryBudgetBytes);
    }
}
