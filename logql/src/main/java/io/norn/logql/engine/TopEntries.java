package io.norn.logql.engine;

import io.norn.logql.log.StreamPipeline;
import io.norn.model.Labels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The first {@code limit} entries of a log query in its direction, collected from several streams at once.
 * Once full, {@link #mayTake} tells a stream scanning in the same direction that it can stop. Thread-safe.
 */
final class TopEntries {
    /** An entry kept for the result, with copies of what the pipeline produced. */
    record Entry(long ts, long seq, byte[] line, Labels labels, Labels streamLabels, Labels structuredMetadata, Labels parsed) {
    }

    private final int limit;
    private final boolean forward;
    private final PriorityQueue<Entry> worstFirst;
    private final ReentrantLock lock = new ReentrantLock();
    private long seq;
    /** The worst timestamp kept once full (volatile: read without the lock). */
    private volatile long bound;
    private volatile boolean full;

    TopEntries(int limit, boolean forward) {
        this.limit = limit;
        this.forward = forward;
        Comparator<Entry> byTs = Comparator.comparingLong(Entry::ts);
        // Worst first: the latest when reading forward, the earliest when reading backward; later arrivals lose ties.
        Comparator<Entry> worst = forward ? byTs.reversed() : byTs;
        this.worstFirst = new PriorityQueue<>(Math.min(limit, 1 << 16) + 1, worst.thenComparing(Comparator.comparingLong(Entry::seq).reversed()));
    }

    /** False when an entry at {@code ts} (and every later one in the scan direction) cannot make the result. */
    boolean mayTake(long ts) {
        if (!full) return true;
        return forward ? ts <= bound : ts >= bound;
    }

    void offer(long ts, StreamPipeline p) {
        lock.lock();
        try {
            if (full && (forward ? ts >= bound : ts <= bound)) return;
            byte[] line = Arrays.copyOfRange(p.lineBuffer(), p.lineOffset(), p.lineOffset() + p.lineLength());
            worstFirst.add(new Entry(ts, seq++, line, p.labels(), p.streamLabels(), p.structuredMetadata(), p.parsedLabels()));
            if (worstFirst.size() > limit) worstFirst.poll();
            if (worstFirst.size() == limit) {
                bound = worstFirst.peek().ts();
                full = true;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The kept entries, best first (oldest first when forward, newest first when backward). */
    List<Entry> inOrder() {
        lock.lock();
        try {
            List<Entry> out = new ArrayList<>(worstFirst);
            Comparator<Entry> byTs = Comparator.comparingLong(Entry::ts);
            out.sort((forward ? byTs : byTs.reversed()).thenComparingLong(Entry::seq));
            return out;
        } finally {
            lock.unlock();
        }
    }
}
