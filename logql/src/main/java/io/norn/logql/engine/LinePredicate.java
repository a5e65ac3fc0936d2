package io.norn.logql.engine;

import java.util.List;

/** A test on the raw bytes of a log line; implementations must be thread-safe (stateless or immutable). */
@FunctionalInterface
public interface LinePredicate {
    LinePredicate ALL = (buf, off, len) -> true;

    boolean test(byte[] buf, int off, int len);

    /**
     * Byte strings that every accepted line contains, so that storage may skip data known not to hold one of
     * them; empty when nothing is known.
     */
    default List<byte[]> requiredLiterals() {
        return List.of();
    }

    /** Lower-case ASCII byte strings that every accepted line contains up to ASCII case; empty when nothing is known. */
    default List<byte[]> requiredLiteralsIgnoringCase() {
        return List.of();
    }
}
