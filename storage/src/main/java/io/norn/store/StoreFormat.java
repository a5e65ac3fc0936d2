package io.norn.store;

/**
 * Layout of the chunk store (see docs/format/store.md):
 * <pre>
 * chunks/&lt;tenant&gt;/&lt;period&gt;/segment-000001.seg   magic "NRNS", version, then chunks back to back
 * chunks/&lt;tenant&gt;/&lt;period&gt;/index.log             magic "NRNX", version, then records
 * </pre>
 * A period is a UTC day numbered from the Unix epoch. Index records use the WAL framing
 * ({@code type u8 | length u32 | CRC32C u32 | payload}); type 1 lists one flush's chunks:
 * {@code seriesCount, (labelCount, (name, value)*, chunkCount, (segment, offset, length, minTs, maxTs, entries)*)*}.
 */
public final class StoreFormat {
    public static final int SEGMENT_MAGIC = 0x4E524E53;
    public static final int INDEX_MAGIC = 0x4E524E58;
    public static final int VERSION_MIN = 1;
    public static final int VERSION_CURRENT = 1;
    public static final int HEADER_BYTES = 5;
    public static final int RECORD_CHUNKS = 1;
    public static final long PERIOD_NANOS = 86_400_000_000_000L;
    public static final String INDEX_FILE = "index.log";

    private StoreFormat() {
    }

    public static long periodOf(long tsNanos) {
        return Math.floorDiv(tsNanos, PERIOD_NANOS);
    }

    static String segmentName(int n) {
        return String.format("segment-%06d.seg", n);
    }
}
