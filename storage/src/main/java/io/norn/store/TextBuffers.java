package io.norn.store;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * A small shared pool of buffers for decompressed block text. Queries decompress blocks of about half a megabyte
 * one after another on every worker; reusing their buffers saves allocating and zeroing each one and the young
 * collections that follow. Bounded: buffers beyond the pool's capacity are left to the collector. Thread-safe.
 */
final class TextBuffers {
    private static final int CAPACITY = 2 * Runtime.getRuntime().availableProcessors() + 2;
    /** Sizes are rounded up to this, so that a buffer fits the next block even if that one is slightly larger. */
    private static final int GRANULE = 64 * 1024;
    private static final ArrayBlockingQueue<byte[]> POOL = new ArrayBlockingQueue<>(CAPACITY);

    private TextBuffers() {
    }

    /** A buffer of at least {@code length} bytes, with arbitrary content. */
    static byte[] take(int length) {
        byte[] b = POOL.poll();
        if (b != null && b.length >= length) return b;
        return new byte[(length + GRANULE - 1) / GRANULE * GRANULE];
    }

    /** Hands a buffer back; nothing may read or write it afterwards. */
    static void give(byte[] buffer) {
        if (buffer != null) POOL.offer(buffer);
    }
}
