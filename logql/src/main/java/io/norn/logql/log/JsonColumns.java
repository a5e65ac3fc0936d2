package io.norn.logql.log;

/**
 * The labels {@code | json} (without parameters) sets on each entry of a block of stored lines, kept column by column
 * when the block was written: a query that needs only these labels reads them instead of parsing, or even
 * decompressing, the lines. Storage keeps columns only for blocks in which {@code | json} parses every line without
 * an error and sets no label twice in a line, so the columns say all that the parser would do.
 */
public interface JsonColumns {
    /** Values longer than this are not kept: the column then only says that the label occurs. */
    int MAX_VALUE_LENGTH = 64;
    /** Blocks whose lines set more distinct labels than this get no columns. */
    int MAX_COLUMNS = 32;

    /** The number of distinct labels set in the block's entries. */
    int size();

    /**
     * The name of column {@code c} as {@code | json} derives it from the member's key, before any {@code _extracted}
     * suffix (which depends on the stream's labels).
     */
    String name(int c);

    /**
     * The values of column {@code c}, or null when they were not kept (a value longer than {@link #MAX_VALUE_LENGTH},
     * or text new on nearly every line): the column then only says that the label occurs.
     */
    Values values(int c);

    /**
     * The values of one column: entry {@code i}'s value is {@code bytes[starts[i], ends[i])}, UTF-8 as the parser sets
     * it; {@code starts[i] < 0} when the entry does not have the label.
     */
    record Values(byte[] bytes, int[] starts, int[] ends) {
    }
}
