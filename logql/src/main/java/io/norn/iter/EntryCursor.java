package io.norn.iter;

import io.norn.logql.log.JsonColumns;
import io.norn.model.Labels;

/**
 * A cursor over the entries of one stream, ordered by timestamp in the direction it was opened with,
 * without duplicates (same timestamp and line). The line bytes returned by {@link #line()} belong to the
 * cursor and are valid only until the next call to {@link #next()}. Not thread-safe.
 */
public interface EntryCursor extends AutoCloseable {
    /** Advances to the next entry; false at the end. */
    boolean next();

    /** Timestamp of the current entry in Unix nanoseconds. */
    long ts();

    /** Buffer holding the current line at {@link #lineOffset()}, {@link #lineLength()} bytes long. */
    byte[] line();

    int lineOffset();

    int lineLength();

    /** Structured metadata of the current entry; {@link Labels#EMPTY} when none. */
    Labels structuredMetadata();

    /**
     * The {@code | json} columns of the block holding the current entry, or null when it has none: the line must be
     * read then. The same instance for all entries of a block.
     */
    default JsonColumns jsonColumns() {
        return null;
    }

    /** The position of the current entry in the block of {@link #jsonColumns()}. */
    default int columnsEntry() {
        throw new IllegalStateException("no json columns");
    }

    @Override
    void close();
}
