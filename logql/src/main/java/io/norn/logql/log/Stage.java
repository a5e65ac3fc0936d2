package io.norn.logql.log;

/**
 * One step of a log pipeline (line filter, parser, label filter, formatter). A stage is an immutable, thread-safe
 * description; {@link #processor()} creates the mutable per-stream state that processes entries.
 */
public interface Stage {
    /** A new processor for one stream; processors are not thread-safe. */
    Processor processor();

    /** Processes entries of one stream. */
    interface Processor {
        /**
         * Processes one entry: may replace the line and change the labels. Returns false to drop the entry. Never
         * throws for malformed data; it sets {@code __error__} instead.
         */
        boolean process(long tsNanos, Line line, LabelsBuilder labels);

        /** False for stages that neither read nor change the line (label filters): they can run without it. */
        default boolean readsLine() {
            return true;
        }
    }

    /** A stage that only looks at the line bytes. */
    static Stage of(LineFilter filter) {
        Processor p = (ts, line, labels) -> filter.matches(line.buffer(), line.offset(), line.length());
        return () -> p;
    }
}
