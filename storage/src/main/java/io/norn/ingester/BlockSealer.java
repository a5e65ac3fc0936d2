package io.norn.ingester;

import io.norn.chunkenc.HeadBlock;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Seals full open blocks (compression and n-gram filter) off the pushing threads: a small pool of platform threads
 * with a bounded queue, so that at most a few raw blocks wait at any time. When the queue is full, {@link #submit}
 * refuses and the pushing thread seals the block itself (backpressure). Also keeps a few emptied open blocks, whose
 * buffers are already at full size, for the streams to take as their next open block. Thread-safe.
 */
final class BlockSealer implements AutoCloseable {
    private final ThreadPoolExecutor executor;
    private final BlockingQueue<HeadBlock> spares;

    BlockSealer(int threads, int queueCapacity) {
        if (threads <= 0) throw new IllegalArgumentException("threads must be positive: " + threads);
        if (queueCapacity <= 0) throw new IllegalArgumentException("queueCapacity must be positive: " + queueCapacity);
        this.spares = new ArrayBlockingQueue<>(queueCapacity + threads + 2);
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueCapacity),
                Thread.ofPlatform().name("block-sealer-", 0).daemon(true).factory(), new ThreadPoolExecutor.AbortPolicy());
    }

    /** Queues a sealing task; false when the queue is full or the sealer is closed (the caller then seals inline). */
    boolean submit(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * An empty open block to follow {@code full}: an emptied one with grown buffers when there is one, else a new one
     * with buffers as large as {@code full}'s (rather than growing them again from small ones).
     */
    HeadBlock emptyHead(HeadBlock full) {
        HeadBlock h = spares.poll();
        return h != null ? h : full.emptyLike();
    }

    /** Takes back a block whose entries are sealed and no longer readable by anyone; it must not be used afterwards. */
    void recycle(HeadBlock h) {
        h.clear();
        spares.offer(h);
    }

    /** Tasks queued or running (for tests). */
    int pending() {
        return executor.getQueue().size() + executor.getActiveCount();
    }

    /** Stops taking tasks and waits a while for the queued ones (their blocks are in the WAL either way). */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
