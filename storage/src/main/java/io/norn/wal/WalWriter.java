package io.norn.wal;

import io.norn.encoding.ByteWriter;
import io.norn.encoding.ByteWriterPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The single writer of the write-ahead log. Callers hand it encoded records; one background thread writes
 * every record waiting in the bounded queue and then fsyncs once (group commit), completing each record's
 * future only after that fsync. Thread-safe.
 */
public final class WalWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WalWriter.class);

    /**
     * A framed record (null for a control request: roll when rollTo is 1, barrier when 0); {@code writer}, when not
     * null, is the buffer to give back to the pool once the record is durable.
     */
    private record Pending(byte[] record, int length, long rollTo, CompletableFuture<Long> done, ByteWriter writer) {
    }

    /** Record buffers given back after their fsync, reused by later pushes (bounded: excess ones are dropped). */
    private final ByteWriterPool buffers = new ByteWriterPool(32, MAX_POOLED_BYTES);
    /** Buffers above this capacity are not kept. */
    private static final int MAX_POOLED_BYTES = 1 << 20;

    private final Path dir;
    private final long segmentSizeBytes;
    private final BlockingQueue<Pending> queue;
    private final Thread thread;
    private final AtomicLong fsyncs = new AtomicLong();
    private final LongConsumer onFsync;
    private volatile long currentSegment;
    private volatile IOException failure;
    private volatile boolean closed;
    private FileChannel channel;
    private long segmentBytes;

    /** Opens a new segment after {@code lastSegment} (replay has already read the older ones). */
    public WalWriter(Path dir, long lastSegment, long segmentSizeBytes, int queueCapacity, LongConsumer onFsync) throws IOException {
        this.dir = dir;
        this.segmentSizeBytes = segmentSizeBytes;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.onFsync = onFsync;
        Files.createDirectories(dir);
        removeHalfDeleted(dir);
        openSegment(lastSegment + 1);
        this.thread = Thread.ofPlatform().name("wal-writer").daemon(true).unstarted(this::run);
        thread.start();
    }

    /** The segment new records go to; a record appended now lands in this segment or a later one. */
    public long currentSegment() {
        return currentSegment;
    }

    public long fsyncCount() {
        return fsyncs.get();
    }

    /**
     * A buffer for one record's payload, reused from records already durable when there is one; hand it to
     * {@link #append(int, ByteWriter)} or back with {@link #recycle}.
     */
    public ByteWriter newRecord(int capacity) {
        ByteWriter w = buffers.take(capacity + WalFormat.RECORD_HEADER_BYTES);
        w.u8(0).u32(0).u32(0);
        return w;
    }

    /** Gives back a buffer from {@link #newRecord} that was not appended. */
    public void recycle(ByteWriter w) {
        buffers.give(w);
    }

    /** A buffer for one record's payload: the first {@link WalFormat#RECORD_HEADER_BYTES} are kept for the header. */
    public static ByteWriter recordBuffer(int capacity) {
        ByteWriter w = new ByteWriter(capacity + WalFormat.RECORD_HEADER_BYTES);
        w.u8(0).u32(0).u32(0);
        return w;
    }

    /**
     * Appends the record whose payload follows the reserved header in {@code record} (see {@link #recordBuffer});
     * the writer takes ownership of the buffer. The future completes with the segment number once the record is
     * durable, or exceptionally if the log failed. Blocks while the queue is full (backpressure).
     */
    public CompletableFuture<Long> append(int type, ByteWriter record) throws InterruptedException {
        int payloadLen = record.length() - WalFormat.RECORD_HEADER_BYTES;
        byte[] buf = record.buffer();
        buf[0] = (byte) type;
        record.putU32At(1, payloadLen);
        record.putU32At(5, crcOf(buf, 0, payloadLen));
        return submit(new Pending(buf, record.length(), 0, new CompletableFuture<>(), record));
    }

    /** Appends a record with a copy of {@code payload}; see {@link #append(int, ByteWriter)}. */
    public CompletableFuture<Long> append(int type, byte[] payload, int off, int len) throws InterruptedException {
        ByteWriter record = recordBuffer(len);
        record.bytes(payload, off, len);
        return append(type, record);
    }

    /** Closes the current segment and starts a new one; completes with the new segment's number. */
    public CompletableFuture<Long> roll() throws InterruptedException {
        return submit(new Pending(null, 0, 1, new CompletableFuture<>(), null));
    }

    private CompletableFuture<Long> submit(Pending p) throws InterruptedException {
        IOException f = failure;
        if (f != null) return CompletableFuture.failedFuture(f);
        if (closed) return CompletableFuture.failedFuture(new IOException("write-ahead log is closed"));
        queue.put(p);
        return p.done;
    }

    /** CRC32C over a record's type and length and its payload, skipping the CRC field itself. */
    static int crcOf(byte[] buf, int recordStart, int payloadLen) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(buf, recordStart, 5);
        crc.update(buf, recordStart + WalFormat.RECORD_HEADER_BYTES, payloadLen);
        return (int) crc.getValue();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                Pending first = queue.take();
                batch.add(first);
                queue.drainTo(batch, 4096);
                writeBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failAll(batch, new IOException("write-ahead log writer interrupted"));
                return;
            } catch (IOException | RuntimeException e) {
                IOException io = e instanceof IOException x ? x : new IOException(e);
                log.error("write-ahead log failed; further writes are refused", e);
                failure = io;
                failAll(batch, io);
                Pending p;
                while ((p = queue.poll()) != null) p.done.completeExceptionally(io);
                return;
            }
            batch.clear();
            if (closed && queue.isEmpty()) return;
        }
    }

    private void writeBatch(List<Pending> batch) throws IOException {
        List<ByteBuffer> bufs = new ArrayList<>(batch.size());
        List<Pending> written = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            if (p.record == null && p.rollTo == 0) {
                flushWrites(bufs, written);
                p.done.complete(currentSegment);
                continue;
            }
            if (p.record == null) {
                flushWrites(bufs, written);
                openSegment(currentSegment + 1);
                p.done.complete(currentSegment);
                continue;
            }
            if (segmentBytes > WalFormat.HEADER_BYTES && segmentBytes + p.length > segmentSizeBytes) {
                flushWrites(bufs, written);
                openSegment(currentSegment + 1);
            }
            bufs.add(ByteBuffer.wrap(p.record, 0, p.length));
            segmentBytes += p.length;
            written.add(p);
        }
        flushWrites(bufs, written);
    }

    private void flushWrites(List<ByteBuffer> bufs, List<Pending> written) throws IOException {
        if (written.isEmpty()) return;
        ByteBuffer[] arr = bufs.toArray(ByteBuffer[]::new);
        long remaining = 0;
        for (ByteBuffer b : arr) remaining += b.remaining();
        while (remaining > 0) remaining -= channel.write(arr);
        channel.force(false);
        fsyncs.incrementAndGet();
        onFsync.accept(1);
        long seg = currentSegment;
        for (Pending p : written) {
            if (p.writer != null) recycle(p.writer);
            p.done.complete(seg);
        }
        bufs.clear();
        written.clear();
    }

    private void openSegment(long n) throws IOException {
        closeSegment();
        Path p = dir.resolve(WalFormat.segmentName(n));
        channel = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ByteWriter h = new ByteWriter(WalFormat.HEADER_BYTES);
        h.u32(WalFormat.MAGIC).u8(WalFormat.VERSION_CURRENT);
        channel.write(ByteBuffer.wrap(h.toByteArray()));
        // Preallocate (sparse): an fsync that does not change the file size does not wait for a metadata update,
        // which halves its latency. Replay treats the zero tail as the end of the records.
        channel.write(ByteBuffer.allocate(1), Math.max(segmentSizeBytes, WalFormat.HEADER_BYTES + 1) - 1);
        channel.force(true);
        WalFiles.fsyncDir(dir);
        segmentBytes = WalFormat.HEADER_BYTES;
        currentSegment = n;
    }

    /** Cuts the preallocated tail of the current segment and closes it. */
    private void closeSegment() throws IOException {
        if (channel == null || !channel.isOpen()) return;
        try {
            channel.truncate(segmentBytes);
            channel.force(true);
        } finally {
            channel.close();
        }
    }

    /**
     * Deletes segments numbered below {@code segment}: their data is in flushed chunks. Each is first renamed to
     * {@code <name>.deleting} (so that a crash cannot leave a half-shrunk segment for replay) and then freed a few
     * megabytes at a time, so that concurrent pushes' fsyncs are not held up.
     */
    public void deleteSegmentsBefore(long segment) throws IOException {
        for (Path p : WalFiles.segments(dir)) {
            if (WalFormat.segmentNumber(p) >= segment) continue;
            Path doomed = p.resolveSibling(p.getFileName() + WalFormat.DELETING_SUFFIX);
            try {
                Files.move(p, doomed);
            } catch (NoSuchFileException e) {
                continue;
            }
            WalFiles.deleteGradually(doomed);
        }
    }

    /** Deletes segments whose deletion a crash interrupted. */
    private static void removeHalfDeleted(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (p.getFileName().toString().endsWith(WalFormat.DELETING_SUFFIX)) Files.deleteIfExists(p);
            }
        }
    }

    private static void failAll(List<Pending> batch, IOException e) {
        for (Pending p : batch) p.done.completeExceptionally(e);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        try {
            queue.put(new Pending(null, 0, 0, new CompletableFuture<>(), null));
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Appends that raced with closing were never written: fail them rather than leave their callers waiting.
        IOException closedError = new IOException("write-ahead log is closed");
        Pending p;
        while ((p = queue.poll()) != null) p.done.completeExceptionally(closedError);
        closeSegment();
    }
}
