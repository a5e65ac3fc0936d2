package io.norn.store;

/**
 * Where a flushed chunk lives: segment file number and byte range inside the tenant's period directory,
 * with its time bounds and sizes.
 */
public record ChunkRef(long period, int segment, long offset, int length, long minTs, long maxTs, int entries) {
    public ChunkRef {
        if (minTs > maxTs) throw new IllegalArgumentException("minTs after maxTs: " + minTs + " > " + maxTs);
        if (length <= 0) throw new IllegalArgumentException("chunk length must be positive: " + length);
    }

    public boolean overlaps(long fromNanos, long throughNanos) {
        return maxTs >= fromNanos && minTs < throughNanos;
    }
}
