package io.norn.store;

import io.norn.chunkenc.Block;
import io.norn.chunkenc.ChunkReader;
import io.norn.chunkenc.ChunkWriter;
import io.norn.encoding.ByteReader;
import io.norn.encoding.ByteWriter;
import io.norn.encoding.ByteWriterPool;
import io.norn.encoding.CorruptionException;
import io.norn.model.LabelMatcher;
import io.norn.model.Labels;
import io.norn.tsdb.PostingsIndex;
import io.norn.wal.WalFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Chunk store on the local file system: chunks are appended to a few large segment files per tenant and
 * period, and an append-only, checksummed index log per tenant and period maps series to chunk locations.
 * The whole index is held in memory. Writes are serialized per tenant; reads are lock-free.
 */
public final class FileChunkStore implements ChunkStore {
    private static final Logger log = LoggerFactory.getLogger(FileChunkStore.class);
    /** Buffers chunks are encoded in before they are written, reused from one flush to the next. */
    private static final ByteWriterPool CHUNK_BUFFERS = new ByteWriterPool(2, 4 << 20);

    private final Path root;
    private final long maxSegmentBytes;
    private final Map<String, TenantStore> tenants = new ConcurrentHashMap<>();

    /** Per tenant: the in-memory index and the open files of each period. */
    private static final class TenantStore {
        final ReentrantLock writeLock = new ReentrantLock();
        final PostingsIndex<CopyOnWriteArrayList<ChunkRef>> index = new PostingsIndex<>();
        final Map<Long, PeriodFiles> periods = new HashMap<>();
    }

    /** The files of one tenant and period; guarded by the tenant's write lock except the read channels. */
    private static final class PeriodFiles {
        final Path dir;
        final Map<Integer, FileChannel> readers = new ConcurrentHashMap<>();
        FileChannel index;
        FileChannel segment;
        int segmentNumber;
        long segmentSize;

        PeriodFiles(Path dir) {
            this.dir = dir;
        }
    }

    public FileChunkStore(Path root, long maxSegmentBytes) throws IOException {
        this.root = root;
        this.maxSegmentBytes = maxSegmentBytes;
        Files.createDirectories(root);
        load();
    }

    private void load() throws IOException {
        try (Stream<Path> tenantDirs = Files.list(root)) {
            for (Path tdir : tenantDirs.filter(Files::isDirectory).toList()) {
                String tenant = tdir.getFileName().toString();
                TenantStore ts = tenant(tenant);
                try (Stream<Path> periodDirs = Files.list(tdir)) {
                    for (Path pdir : periodDirs.filter(Files::isDirectory).sorted().toList()) {
                        long period;
                        try {
                            period = Long.parseLong(pdir.getFileName().toString());
                        } catch (NumberFormatException e) {
                            log.warn("ignoring unexpected directory {}", pdir);
                            continue;
                        }
                        removeTemporaryFiles(pdir);
                        loadIndex(ts, period, pdir);
                    }
                }
            }
        }
    }

    /** Deletes files of a publish that a crash interrupted before the rename (they were never referenced). */
    private static void removeTemporaryFiles(Path pdir) throws IOException {
        boolean removed = false;
        try (Stream<Path> files = Files.list(pdir)) {
            for (Path p : files.toList()) {
                if (p.getFileName().toString().endsWith(StoreFormat.TMP_SUFFIX)) {
                    log.info("removing leftover temporary file {}", p);
                    Files.delete(p);
                    removed = true;
                }
            }
        }
        if (removed) WalFiles.fsyncDir(pdir);
    }

    private void loadIndex(TenantStore ts, long period, Path pdir) throws IOException {
        Path file = pdir.resolve(StoreFormat.INDEX_FILE);
        if (!Files.exists(file)) return;
        byte[] data = Files.readAllBytes(file);
        String source = file.toString();
        ByteReader r = new ByteReader(data, 0, data.length, source);
        if (r.u32() != StoreFormat.INDEX_MAGIC) throw new CorruptionException(source, 0, "not an index log (bad magic)");
        int version = r.u8();
        if (version < StoreFormat.VERSION_MIN) throw new CorruptionException(source, 4, "index version too old: " + version);
        if (version > StoreFormat.VERSION_CURRENT) throw new CorruptionException(source, 4, "index version too new: " + version);
        long good = r.position();
        while (r.remaining() > 0) {
            int start = r.position();
            try {
                int type = r.u8();
                int len = r.u32();
                int crc = r.u32();
                if (len < 0 || len > r.remaining()) throw new CorruptionException(source, start, "record beyond end of file");
                int at = r.skip(len);
                if (indexCrc(data, start, len) != crc) throw new CorruptionException(source, start, "record checksum mismatch");
                if (type != StoreFormat.RECORD_CHUNKS) throw new CorruptionException(source, start, "unknown record type " + type);
                applyIndexRecord(ts, period, new ByteReader(data, at, len, source));
                good = r.position();
            } catch (CorruptionException e) {
                // An index record is written before the WAL covering its chunks is deleted, so a torn tail
                // record is still in the WAL and is safe to cut off.
                log.warn("index log {} damaged at offset {}: {}; truncating", file, start, e.getMessage());
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(good);
                    ch.force(true);
                }
                break;
            }
        }
    }

    private static void applyIndexRecord(TenantStore ts, long period, ByteReader r) throws CorruptionException {
        int series = r.uvarintInt(r.remaining(), "series count");
        for (int s = 0; s < series; s++) {
            int nl = r.uvarintInt(r.remaining(), "label count");
            String[] kv = new String[2 * nl];
            for (int i = 0; i < kv.length; i++) kv[i] = r.string();
            Labels labels = Labels.of(kv);
            int chunks = r.uvarintInt(r.remaining(), "chunk count");
            CopyOnWriteArrayList<ChunkRef> refs = ts.index.putIfAbsent(labels, new CopyOnWriteArrayList<>());
            List<ChunkRef> add = new ArrayList<>(chunks);
            for (int c = 0; c < chunks; c++) {
                int segment = r.uvarintInt(Integer.MAX_VALUE, "segment");
                long offset = r.uvarint();
                int length = r.uvarintInt(Integer.MAX_VALUE, "chunk length");
                long minTs = r.i64();
                long maxTs = r.i64();
                int entries = r.uvarintInt(Integer.MAX_VALUE, "entries");
                try {
                    add.add(new ChunkRef(period, segment, offset, length, minTs, maxTs, entries));
                } catch (IllegalArgumentException e) {
                    throw new CorruptionException(r.toString(), r.position(), e.getMessage());
                }
            }
            refs.addAll(add);
        }
    }

    private static int indexCrc(byte[] buf, int start, int len) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(buf, start, 5);
        crc.update(buf, start + 9, len);
        return (int) crc.getValue();
    }

    private TenantStore tenant(String tenant) {
        return tenants.computeIfAbsent(tenant, t -> new TenantStore());
    }

    @Override
    public void write(String tenant, List<NewChunk> chunks) throws IOException {
        if (chunks.isEmpty()) return;
        TenantStore ts = tenant(tenant);
        Map<Long, List<NewChunk>> byPeriod = new TreeMap<>();
        for (NewChunk c : chunks) byPeriod.computeIfAbsent(StoreFormat.periodOf(c.minTs()), p -> new ArrayList<>()).add(c);
        ts.writeLock.lock();
        try {
            for (Map.Entry<Long, List<NewChunk>> e : byPeriod.entrySet()) writePeriod(tenant, ts, e.getKey(), e.getValue());
        } finally {
            ts.writeLock.unlock();
        }
    }

    private void writePeriod(String tenant, TenantStore ts, long period, List<NewChunk> chunks) throws IOException {
        PeriodFiles pf = ts.periods.get(period);
        if (pf == null) {
            pf = openPeriod(tenant, period);
            ts.periods.put(period, pf);
        }
        ByteWriter buf = CHUNK_BUFFERS.take(256 << 10);
        try {
            writeChunks(ts, period, pf, chunks, buf);
        } finally {
            CHUNK_BUFFERS.give(buf);
        }
    }

    private void writeChunks(TenantStore ts, long period, PeriodFiles pf, List<NewChunk> chunks, ByteWriter buf)
            throws IOException {
        // 1. chunk data, fsynced
        Map<Labels, List<ChunkRef>> refs = new HashMap<>();
        for (NewChunk c : chunks) {
            if (pf.segmentSize >= maxSegmentBytes) rollSegment(pf);
            buf.reset();
            int len = ChunkWriter.write(c.blocks(), buf);
            long offset = pf.segmentSize;
            // Positional: after a failed write the next flush overwrites the unreferenced bytes at segmentSize.
            writeFullyAt(pf.segment, ByteBuffer.wrap(buf.buffer(), 0, len), offset);
            pf.segmentSize += len;
            int entries = 0;
            for (Block b : c.blocks()) entries += b.count();
            refs.computeIfAbsent(c.labels(), l -> new ArrayList<>())
                    .add(new ChunkRef(period, pf.segmentNumber, offset, len, c.minTs(), c.maxTs(), entries));
        }
        pf.segment.force(false);
        // 2. index record, fsynced
        ByteWriter rec = new ByteWriter(256 * refs.size());
        rec.uvarint(refs.size());
        for (Map.Entry<Labels, List<ChunkRef>> e : refs.entrySet()) {
            Labels l = e.getKey();
            rec.uvarint(l.size());
            for (int i = 0; i < l.size(); i++) rec.string(l.name(i)).string(l.value(i));
            rec.uvarint(e.getValue().size());
            for (ChunkRef r : e.getValue()) {
                rec.uvarint(r.segment()).uvarint(r.offset()).uvarint(r.length()).i64(r.minTs()).i64(r.maxTs()).uvarint(r.entries());
            }
        }
        ByteWriter framed = new ByteWriter(rec.length() + 9);
        framed.u8(StoreFormat.RECORD_CHUNKS).u32(rec.length()).u32(0).bytes(rec.buffer(), 0, rec.length());
        framed.putU32At(5, indexCrc(framed.buffer(), 0, rec.length()));
        writeFully(pf.index, ByteBuffer.wrap(framed.buffer(), 0, framed.length()));
        pf.index.force(false);
        // 3. visible to queries
        for (Map.Entry<Labels, List<ChunkRef>> e : refs.entrySet()) {
            ts.index.putIfAbsent(e.getKey(), new CopyOnWriteArrayList<>()).addAll(e.getValue());
        }
    }

    private PeriodFiles openPeriod(String tenant, long period) throws IOException {
        Path dir = root.resolve(tenant).resolve(Long.toString(period));
        boolean created = !Files.isDirectory(dir);
        Files.createDirectories(dir);
        if (created) {
            WalFiles.fsyncDir(dir.getParent());
            WalFiles.fsyncDir(root);
        }
        PeriodFiles pf = new PeriodFiles(dir);
        Path index = dir.resolve(StoreFormat.INDEX_FILE);
        if (!Files.exists(index)) {
            publishHeader(index, new ByteWriter(8).u32(StoreFormat.INDEX_MAGIC).u8(StoreFormat.VERSION_CURRENT).toByteArray());
        }
        pf.index = FileChannel.open(index, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        int last = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith("segment-") && n.endsWith(".seg")) {
                    last = Math.max(last, Integer.parseInt(n.substring(8, n.length() - 4)));
                }
            }
        }
        if (last == 0) {
            openSegment(pf, 1);
        } else {
            // Bytes past the last indexed chunk (a flush cut short by a crash) are never referenced.
            pf.segmentNumber = last;
            pf.segment = FileChannel.open(dir.resolve(StoreFormat.segmentName(last)), StandardOpenOption.WRITE);
            pf.segmentSize = pf.segment.size();
            pf.segment.position(pf.segmentSize);
        }
        return pf;
    }

    private void rollSegment(PeriodFiles pf) throws IOException {
        pf.segment.force(true);
        pf.segment.close();
        openSegment(pf, pf.segmentNumber + 1);
    }

    private static void openSegment(PeriodFiles pf, int n) throws IOException {
        Path file = pf.dir.resolve(StoreFormat.segmentName(n));
        publishHeader(file, new ByteWriter(8).u32(StoreFormat.SEGMENT_MAGIC).u8(StoreFormat.VERSION_CURRENT).toByteArray());
        pf.segment = FileChannel.open(file, StandardOpenOption.WRITE);
        pf.segment.position(StoreFormat.HEADER_BYTES);
        pf.segmentNumber = n;
        pf.segmentSize = StoreFormat.HEADER_BYTES;
    }

    /**
     * Creates {@code file} holding just its header so that no crash can leave it empty or with a partial
     * header: written to {@code file.tmp}, fsynced, renamed, and the directory fsynced.
     */
    private static void publishHeader(Path file, byte[] header) throws IOException {
        if (Files.exists(file)) throw new FileAlreadyExistsException(file.toString());
        Path tmp = file.resolveSibling(file.getFileName() + StoreFormat.TMP_SUFFIX);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            writeFully(ch, ByteBuffer.wrap(header));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        WalFiles.fsyncDir(file.getParent());
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    private static void writeFullyAt(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long pos = position;
        while (b.hasRemaining()) pos += ch.write(b, pos);
    }

    @Override
    public List<StoredSeries> select(String tenant, List<LabelMatcher> matchers, long fromNanos, long throughNanos) {
        TenantStore ts = tenants.get(tenant);
        if (ts == null) return List.of();
        List<StoredSeries> out = new ArrayList<>();
        for (Labels labels : selectLabels(ts, matchers)) {
            List<ChunkRef> refs = ts.index.get(labels);
            List<ChunkRef> hit = new ArrayList<>();
            for (ChunkRef r : refs) if (r.overlaps(fromNanos, throughNanos)) hit.add(r);
            if (!hit.isEmpty()) out.add(new StoredSeries(labels, hit));
        }
        return out;
    }

    private static List<Labels> selectLabels(TenantStore ts, List<LabelMatcher> matchers) {
        // The index maps labels to refs; select returns the ref lists, so map back through a labelled view.
        List<Labels> out = new ArrayList<>();
        ts.index.forEachMatching(matchers, out::add);
        return out;
    }

    @Override
    public List<Block> read(String tenant, ChunkRef ref) throws IOException {
        TenantStore ts = tenants.get(tenant);
        Path dir = root.resolve(tenant).resolve(Long.toString(ref.period()));
        PeriodFiles pf = ts == null ? null : ts.periods.get(ref.period());
        FileChannel ch = pf == null ? null : pf.readers.get(ref.segment());
        if (ch == null) {
            ch = FileChannel.open(dir.resolve(StoreFormat.segmentName(ref.segment())), StandardOpenOption.READ);
            if (pf != null) {
                FileChannel prev = pf.readers.putIfAbsent(ref.segment(), ch);
                if (prev != null) {
                    ch.close();
                    ch = prev;
                }
            }
        }
        byte[] data = new byte[ref.length()];
        ByteBuffer b = ByteBuffer.wrap(data);
        long pos = ref.offset();
        try {
            while (b.hasRemaining()) {
                int n = ch.read(b, pos);
                if (n < 0) throw new CorruptionException(dir + "/" + StoreFormat.segmentName(ref.segment()), pos, "chunk beyond end of segment");
                pos += n;
            }
        } finally {
            if (pf == null) ch.close();
        }
        return ChunkReader.read(data, 0, data.length, dir.resolve(StoreFormat.segmentName(ref.segment())) + "@" + ref.offset());
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (TenantStore ts : tenants.values()) {
            for (PeriodFiles pf : ts.periods.values()) {
                for (FileChannel ch : pf.readers.values()) first = closeQuietly(ch, first);
                first = closeQuietly(pf.segment, first);
                first = closeQuietly(pf.index, first);
            }
        }
        if (first != null) throw first;
    }

    private static IOException closeQuietly(FileChannel ch, IOException first) {
        if (ch == null) return first;
        try {
            ch.close();
        } catch (IOException e) {
            if (first == null) return e;
            first.addSuppressed(e);
        }
        return first;
    }
}
