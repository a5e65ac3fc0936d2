package io.norn.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** File-system helpers shared by the WAL and the chunk store. */
public final class WalFiles {
    private WalFiles() {
    }

    /** The WAL segment files in {@code dir}, oldest first. */
    public static List<Path> segments(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> WalFormat.segmentNumber(p) >= 0)
                    .sorted(Comparator.comparingLong(WalFormat::segmentNumber)).toList();
        }
    }

    public static long segmentNumber(Path p) {
        return WalFormat.segmentNumber(p);
    }

    /** Bytes freed at a time by {@link #deleteGradually}. */
    static final long SHRINK_STEP_BYTES = 8L << 20;

    /**
     * Deletes a large file a few megabytes at a time, letting other threads' fsyncs run in between. Freeing a large
     * file at once holds up every fsync on the file system while the freed blocks are committed (and discarded, on
     * a file system mounted with {@code discard}): unlinking a 128 MB segment stalled concurrent WAL fsyncs on the
     * benchmark machine for 30–50 ms. Rename the file out of the way first if a crash must not leave it half shrunk
     * under its name.
     */
    public static void deleteGradually(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (long size = ch.size() - SHRINK_STEP_BYTES; size > 0; size -= SHRINK_STEP_BYTES) {
                ch.truncate(size);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } catch (NoSuchFileException e) {
            return;
        }
        Files.deleteIfExists(file);
    }

    /** Makes a directory entry (create, rename, delete) durable. */
    public static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
