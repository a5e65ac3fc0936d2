package io.norn.ingester;

import java.time.Duration;

/**
 * Head and flush settings (Loki's {@code ingester} block): block size, chunk cut rules, out-of-order window.
 */
public record IngesterConfig(int blockSizeBytes, int chunkTargetSizeBytes, Duration chunkIdlePeriod, Duration maxChunkAge,
                             Duration flushCheckPeriod, boolean unorderedWrites, int zstdLevel, long walSegmentBytes) {
    public static IngesterConfig defaults() {
        return new IngesterConfig(262_144, 1_572_864, Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofSeconds(30),
                true, 3, 128L << 20);
    }

    public IngesterConfig {
        if (blockSizeBytes <= 0) throw new IllegalArgumentException("chunk_block_size must be positive: " + blockSizeBytes);
        if (chunkTargetSizeBytes < 0) throw new IllegalArgumentException("chunk_target_size must not be negative: " + chunkTargetSizeBytes);
    }
}
