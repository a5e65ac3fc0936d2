package io.norn.chunkenc;

/**
 * Constants of the chunk format (see docs/format/chunk.md). A chunk holds one stream's entries for a time
 * range as a sequence of blocks; each block keeps timestamps, line lengths and structured metadata
 * ("meta") apart from the line text, and for JSON lines the labels {@code | json} sets ("json"), each compressed on its
 * own.
 */
public final class ChunkFormat {
    /** "NRNC". */
    public static final int MAGIC = 0x4E524E43;
    public static final int VERSION_MIN = 1;
    /** Version 2 stores structured metadata as a per-block table of distinct label sets referenced by number. */
    static final int VERSION_SM_SETS = 2;
    /** Version 3 adds the chunk's n-gram filter to the header. */
    static final int VERSION_NGRAMS = 3;
    /** Version 4 adds a third column to blocks: the labels {@code | json} sets on each line, when it can say them. */
    static final int VERSION_JSON_COLUMNS = 4;
    public static final int VERSION_CURRENT = VERSION_JSON_COLUMNS;

    public static final int CODEC_NONE = 1;
    public static final int CODEC_ZSTD = 2;

    /** Meta column flag: no entry in the block has structured metadata. */
    static final int META_NO_STRUCTURED_METADATA = 1;
    /** Meta column flag (version 1): every entry has a structured-metadata pair count followed by its pairs. */
    static final int META_STRUCTURED_METADATA = 2;
    /**
     * Meta column flag (version 2): a table of the block's distinct structured-metadata sets, then for every entry
     * the number of its set, 0 for none.
     */
    static final int META_STRUCTURED_METADATA_SETS = 3;

    private ChunkFormat() {
    }
}
