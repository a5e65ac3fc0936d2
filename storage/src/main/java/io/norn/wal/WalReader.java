package io.norn.wal;

import io.norn.encoding.ByteReader;
import io.norn.encoding.CorruptionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
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
            long goodBytes = replaySegment(seg, n, handler);
            long size = Files.size(seg);
            if (goodBytes < size) {
                log.warn("write-ahead log segment {} is damaged at offset {} of {}; truncating it and dropping {} later segment(s)",
                        seg, goodBytes, size, segments.size() - i - 1);
                try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
                    ch.truncate(goodBytes);
                    ch.force(true);
                }
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

    /** Returns the length of the valid prefix of the segment. */
    private static long replaySegment(Path seg, long n, RecordHandler handler) throws IOException {
        byte[] data = Files.readAllBytes(seg);
        String source = seg.toString();
        ByteReader r = new ByteReader(data, 0, data.length, source);
        try {
            if (r.u32() != WalFormat.MAGIC) throw new CorruptionException(source, 0, "not a WAL segment (bad magic)");
            int version = r.u8();
            if (version < WalFormat.VERSION_MIN || version > WalFormat.VERSION_CURRENT) {
                throw new CorruptionException(source, 4, "unsupported WAL version " + version);
            }
        } catch (CorruptionException e) {
            log.warn("{}", e.getMessage());
            return 0;
        }
        long good = r.position();
        while (r.remaining() > 0) {
            int start = r.position();
            try {
                int type = r.u8();
                int len = r.u32();
                int crc = r.u32();
                if (len < 0 || len > r.remaining()) throw new CorruptionException(source, start, "record length " + len + " beyond end");
                int payload = r.skip(len);
                if (WalWriter.crcOf(data, start, len) != crc) throw new CorruptionException(source, start, "record checksum mismatch");
                if (type != WalFormat.RECORD_ENTRIES) throw new CorruptionException(source, start, "unknown record type " + type);
                handler.record(n, type, data, payload, len);
                good = r.position();
            } catch (CorruptionException e) {
                log.warn("{}", e.getMessage());
                return good;
            }
        }
        return good;
    }
}
