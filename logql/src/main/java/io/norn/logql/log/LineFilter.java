package io.norn.logql.log;

/**
 * A test on the raw UTF-8 bytes of one log line. Implementations are immutable and thread-safe, never throw on
 * malformed UTF-8, and allocate nothing per call on their fast paths. Build them with {@link LineFilters}.
 */
@FunctionalInterface
public interface LineFilter {
    boolean matches(byte[] buf, int off, int len);
}
