package io.norn.encoding;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * A bounded pool of {@link ByteWriter}s for buffers that are filled, used and dropped again and again (records,
 * columns, chunks): reusing them spares allocating and zeroing each one. Writers grown beyond a size, and writers
 * beyond the pool's capacity, are left to the collector. Thread-safe.
 */
public final class ByteWriterPool {
    private final ArrayBlockingQueue<ByteWriter> writers;
    private final int maxPooledBytes;

    public ByteWriterPool(int capacity, int maxPooledBytes) {
        this.writers = new ArrayBlockingQueue<>(capacity);
        this.maxPooledBytes = maxPooledBytes;
    }

    /** An empty writer with room for at least {@code capacity} bytes. */
    public ByteWriter take(int capacity) {
        ByteWriter w = writers.poll();
        if (w == null) return new ByteWriter(capacity);
        w.reset();
        w.ensure(capacity);
        return w;
    }

    /** Hands a writer back; nothing may use it or its buffer afterwards. */
    public void give(ByteWriter w) {
        if (w.buffer().length <= maxPooledBytes) writers.offer(w);
    }
}
