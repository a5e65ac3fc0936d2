package io.norn.logql.engine;

/** A test on the raw bytes of a log line; implementations must be thread-safe (stateless or immutable). */
@FunctionalInterface
public interface LinePredicate {
    LinePredicate ALL = (buf, off, len) -> true;

    boolean test(byte[] buf, int off, int len);
}
