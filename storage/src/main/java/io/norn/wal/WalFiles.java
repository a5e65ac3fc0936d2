package io.norn.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
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

    /** Makes a directory entry (create, rename, delete) durable. */
    public static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
