package io.norn.wal;

import io.norn.encoding.ByteReader;
import io.norn.encoding.CorruptionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Replays the write-ahead log at startup. Reading stops at the first damaged or incomplete record: that
 * segment is truncated there and every later segment is deleted, and what was lost is logged (it was never
 * acknowledged, since acknowledgement waits for the fsync that covers the record).
 */
public final class WalReader {
    private static final Logger log = LoggerFactory.getLogger(WalReader.class);

    /** Receives each intact record. */
    @FunctionalInterface
    public interface RecordHandler {
        void record(long segment, int type, byte[] buf, int off, int len) throws IOException;
    }

    private WalReader() {
    }

    /** Replays every segment in order; returns the number of the last segment seen (0 when none). */
    public static long replay(Path dir, RecordHandler handler) throws IOException {
        List<Path> segments = WalFiles.segments(dir);
        long last = 0;
        for (int i = 0; i < segments.size(); i++) {
            Path seg = segments.get(i);
            long n = WalFormat.segmentNumber(seg);
            last = n;
            SegmentEnd end = replaySegment(seg, n, handler);
            long size = Files.size(seg);
            if (end.damaged()) {
                log.warn("write-ahead log segment {} is damaged at offset {} of {}; truncating it and dropping {} later segment(s)",
                        seg, end.goodBytes(), size, segments.size() - i - 1);
            }
            if (end.goodBytes() < size) {
                // Cut a damaged tail, or the unused preallocated zeros of a segment the writer did not close.
                try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
                    ch.truncate(end.goodBytes());
                    ch.force(true);
                }
            }
            if (end.damaged()) {
                for (Path later : segments.subList(i + 1, segments.size())) {
                    last = Math.max(last, WalFormat.segmentNumber(later));
                    Files.delete(later);
                }
                WalFiles.fsyncDir(dir);
                break;
            }
        }
        return last;
    }

    /** Where the intact records of a segment end, and whether what follows is damage (not unused zeros). */
    private record SegmentEnd(long goodBytes, boolean damaged) {
    }

    private static SegmentEnd replaySegment(Path seg, long n, RecordHandler handler) throws IOException {
        String source = seg.toString();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(seg), 1 << 16)) {
            byte[] header = new byte[WalFormat.RECORD_HEADER_BYTES];
            if (in.readNBytes(header, 0, WalFormat.HEADER_BYTES) < WalFormat.HEADER_BYTES) {
                log.warn("{}: segment shorter than its header", source);
                return new SegmentEnd(0, true);
            }
            ByteReader h = new ByteReader(header, 0, WalFormat.HEADER_BYTES, source);
            int magic = h.u32();
            int version = h.u8();
            if (magic != WalFormat.MAGIC || version < WalFormat.VERSION_MIN || version > WalFormat.VERSION_CURRENT) {
                log.warn("{}: not a WAL segment of a supported version (magic {}, version {})", source, Integer.toHexString(magic), version);
                return new SegmentEnd(0, true);
            }
            long good = WalFormat.HEADER_BYTES;
            byte[] record = new byte[1 << 16];
            while (true) {
                int got = in.readNBytes(header, 0, WalFormat.RECORD_HEADER_BYTES);
                if (got == 0) return new SegmentEnd(good, false);
                if (header[0] == 0 && allZero(header, got) && restIsZero(in)) return new SegmentEnd(good, false);
                if (got < WalFormat.RECORD_HEADER_BYTES) return damaged(source, good, "record header cut short");
                ByteReader r = new ByteReader(header, 0, WalFormat.RECORD_HEADER_BYTES, source);
                int type = r.u8();
                int len = r.u32();
                int crc = r.u32();
                if (type != WalFormat.RECORD_ENTRIES && type != WalFormat.RECORD_ENTRIES_V1) {
                    return damaged(source, good, "unknown record type " + type);
                }
                if (len < 0 || len > WalFormat.MAX_RECORD_BYTES) return damaged(source, good, "record length " + len + " out of range");
                if (record.length < WalFormat.RECORD_HEADER_BYTES + len) {
                    record = new byte[WalFormat.RECORD_HEADER_BYTES + len];
                }
                System.arraycopy(header, 0, record, 0, WalFormat.RECORD_HEADER_BYTES);
                if (in.readNBytes(record, WalFormat.RECORD_HEADER_BYTES, len) < len) return damaged(source, good, "record cut short");
                if (WalWriter.crcOf(record, 0, len) != crc) return damaged(source, good, "record checksum mismatch");
                try {
                    handler.record(n, type, record, WalFormat.RECORD_HEADER_BYTES, len);
                } catch (CorruptionException e) {
                    return damaged(source, good, e.getMessage());
                }
                good += WalFormat.RECORD_HEADER_BYTES + len;
            }
        }
    }

    private static SegmentEnd damaged(String source, long at, String why) {
        log.warn("{} at offset {}: {}", source, at, why);
        return new SegmentEnd(at, true);
    }

    private static boolean allZero(byte[] b, int n) {
        for (int i = 0; i < n; i++) if (b[i] != 0) return false;
        return true;
    }

    private static boolean restIsZero(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) if (!allZero(buf, n)) return false;
        return true;
    }
}
