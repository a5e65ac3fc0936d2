package io.norn.logql.engine;

import io.norn.model.Labels;

/**
 * Runs the log pipeline of a range aggregation over the entries of one stream. After
 * {@link #process} returns true, {@link #labels()}, {@link #lineLength()} and {@link #label(String)}
 * describe the entry as the pipeline left it. One instance per stream; not thread-safe.
 */
interface EntryProcessor {
    boolean process(long tsNanos, byte[] line, int offset, int length, Labels structuredMetadata);

    /** All labels of the processed entry, including {@code __error__}/{@code __error_details__} when set. */
    Labels labels();

    /** Length in bytes of the line after the pipeline. */
    int lineLength();

    /** Value of a label of the processed entry; "" when absent. */
    String label(String name);

    /**
     * Makes the processors of a query: one per stream. Implementations must be thread-safe.
     */
    interface Factory {
        EntryProcessor forStream(Labels streamLabels);

        /** True when lines need not be read at all (no stage): samples need only timestamps and lengths. */
        boolean isNoop();

        /** A byte-level filter storage may apply before the pipeline; {@link LinePredicate#ALL} when none. */
        LinePredicate lineFilter();
    }

    /** Label filters that run after {@code unwrap} (they see a conversion error as {@code __error__}). */
    @FunctionalInterface
    interface PostFilter {
        PostFilter NONE = labels -> true;

        boolean test(Labels labels);
    }

    /** No stage: every entry passes with the stream's labels and its own line. */
    Factory NOOP = new Factory() {
        @Override
        public EntryProcessor forStream(Labels streamLabels) {
            return new EntryProcessor() {
                private int length;

                @Override
                public boolean process(long tsNanos, byte[] line, int offset, int len, Labels structuredMetadata) {
                    length = len;
                    return true;
                }

                @Override
                public Labels labels() {
                    return streamLabels;
                }

                @Override
                public int lineLength() {
                    return length;
                }

                @Override
                public String label(String name) {
                    return streamLabels.get(name);
                }
            };
        }

        @Override
        public boolean isNoop() {
            return true;
        }

        @Override
        public LinePredicate lineFilter() {
            return LinePredicate.ALL;
        }
    };
}
