package io.norn.wal;

import java.nio.file.Path;

/**
 * Write-ahead log layout (see docs/format/wal.md): a directory of numbered segment files
 * ({@code 00000001.wal}, ...), each starting with a header (magic, version) followed by records
 * {@code type u8 | length u32 | CRC32C u32 | payload}. The CRC covers type, length and payload. A record never
 * spans segments.
 */
public final class WalFormat {
    /** "NRNW". */
    public static final int MAGIC = 0x4E524E57;
    public static final int VERSION_MIN = 1;
    public static final int VERSION_CURRENT = 1;
    public static final int HEADER_BYTES = 5;
    public static final int RECORD_HEADER_BYTES = 9;
    /** A batch of entries for streams of one tenant, structured metadata written out for every entry (still read). */
    public static final int RECORD_ENTRIES_V1 = 1;
    /** A batch of entries for streams of one tenant, structured-metadata sets numbered per stream (written now). */
    public static final int RECORD_ENTRIES = 2;
    public static final int MAX_RECORD_BYTES = Integer.MAX_VALUE - 64;
    static final String SUFFIX = ".wal";
    /** Added to a segment's name while it is being deleted; replay ignores such files. */
    static final String DELETING_SUFFIX = ".deleting";

    private WalFormat() {
    }

    static String segmentName(long n) {
        return String.format("%08d", n) + SUFFIX;
    }

    /** The segment number of a WAL file name, or -1 when the name is not a segment's. */
    static long segmentNumber(Path p) {
        String name = p.getFileName().toString();
        if (!name.endsWith(SUFFIX)) return -1;
        String digits = name.substring(0, name.length() - SUFFIX.length());
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) return -1;
        return Long.parseLong(digits);
    }
}
