package io.norn.logql.engine;

import io.norn.logql.log.JsonColumns;
import io.norn.logql.log.LabelsBuilder;
import io.norn.logql.log.Pipeline;
import io.norn.logql.log.Stage;
import io.norn.logql.log.StreamPipeline;
import io.norn.model.Labels;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Turns the entries of one stream into samples, as Loki's sample extractors do: the stream's pipeline runs on each
 * entry, then the value is 1 per line, the length in bytes of the line after the pipeline, or the converted value of
 * the unwrapped label. After {@link #process} returned true, {@link #value()} and {@link #labels()} describe the
 * sample. One instance per stream; not thread-safe.
 */
interface SampleExtractor {
    /** Processes one entry; false when the pipeline (or a filter after {@code unwrap}) dropped it. */
    boolean process(long tsNanos, byte[] line, int offset, int length, Labels structuredMetadata);

    double value();

    /** Whether {@link #acceptsColumns} may accept any block's columns: if not, they need not be read. */
    default boolean mayUseColumns() {
        return false;
    }

    /**
     * Whether entries of a block with these {@code | json} columns can be processed with {@link #processColumns},
     * without their lines.
     */
    default boolean acceptsColumns(JsonColumns columns) {
        return false;
    }

    /** As {@link #process}, for entry {@code entry} of the block whose columns {@link #acceptsColumns} last accepted. */
    default boolean processColumns(long tsNanos, int entry, Labels structuredMetadata) {
        throw new UnsupportedOperationException("no json columns");
    }

    /** All labels of the sample, including {@code __error__}/{@code __error_details__} when set. */
    Labels labels();

    /** What the samples of a range aggregation are made of. */
    enum Source { LINES, BYTES, UNWRAP }

    /** {@code | unwrap [conversion(]label[)]} and the label filters that follow it. */
    record Unwrap(String label, UnwrapConversion conversion, List<Stage> postFilters) {
        public Unwrap {
            requireNonNull(label, "label is null");
            requireNonNull(conversion, "conversion is null");
            postFilters = List.copyOf(postFilters);
        }
    }

    /**
     * Makes the extractors of one range aggregation, one per stream. Immutable and thread-safe.
     *
     * @param lineFilter a byte-level filter storage applies before the pipeline, which does not repeat it
     *                   ({@link LinePredicate#ALL}: none)
     * @param unwrap     the unwrapped label for {@link Source#UNWRAP}, null otherwise
     */
    record Factory(Pipeline pipeline, LinePredicate lineFilter, Source source, Unwrap unwrap) {
        static final String SAMPLE_EXTRACTION_ERROR = "SampleExtractionErr";

        public Factory {
            requireNonNull(pipeline, "pipeline is null");
            requireNonNull(lineFilter, "lineFilter is null");
            requireNonNull(source, "source is null");
            if ((source == Source.UNWRAP) != (unwrap != null)) {
                throw new IllegalArgumentException("an unwrap is required exactly for Source.UNWRAP");
            }
        }

        /** Samples of lines without any stage: 1 per line, or its length. */
        static Factory noPipeline(boolean bytes) {
            return new Factory(Pipeline.noop(), LinePredicate.ALL, bytes ? Source.BYTES : Source.LINES, null);
        }

        /**
         * True when samples need only the timestamp, the length and the structured metadata of each line (no stage
         * after storage's filter, nothing unwrapped), so the engine does not read line text at all.
         */
        boolean readsOnlyLengths() {
            return pipeline.isNoop() && source != Source.UNWRAP;
        }

        SampleExtractor forStream(Labels streamLabels) {
            StreamPipeline p = pipeline.forStream(streamLabels);
            return switch (source) {
                case LINES, BYTES -> new LineExtractor(p, source == Source.BYTES);
                case UNWRAP -> new LabelExtractor(p, unwrap);
            };
        }
    }

    /** count/rate (1 per line) and bytes (length of the line after the pipeline). */
    final class LineExtractor implements SampleExtractor {
        private final StreamPipeline pipeline;
        private final boolean bytes;
        private double value;

        LineExtractor(StreamPipeline pipeline, boolean bytes) {
            this.pipeline = pipeline;
            this.bytes = bytes;
        }

        @Override
        public boolean process(long tsNanos, byte[] line, int offset, int length, Labels structuredMetadata) {
            if (!pipeline.process(tsNanos, line, offset, length, structuredMetadata)) return false;
            value = bytes ? pipeline.lineLength() : 1;
            return true;
        }

        @Override
        public boolean mayUseColumns() {
            // the length of the line is not in the columns
            return !bytes && pipeline.mayUseColumns();
        }

        @Override
        public boolean acceptsColumns(JsonColumns columns) {
            return mayUseColumns() && pipeline.acceptsColumns(columns);
        }

        @Override
        public boolean processColumns(long tsNanos, int entry, Labels structuredMetadata) {
            if (!pipeline.processColumns(tsNanos, entry, structuredMetadata)) return false;
            value = 1;
            return true;
        }

        @Override
        public double value() {
            return value;
        }

        @Override
        public Labels labels() {
            return pipeline.labels();
        }
    }

    /**
     * The converted value of a label; entries where it is missing or empty are skipped. A failed conversion yields 0 and sets {@code __error__=SampleExtractionErr}
     * with Go's message as {@code __error_details__} (replacing an earlier error, as Loki does) before the filters
     * after {@code unwrap} run, so they can remove it.
     */
    final class LabelExtractor implements SampleExtractor {
        private final StreamPipeline pipeline;
        private final Unwrap unwrap;
        private final Stage.Processor[] postFilters;
        private double value;

        LabelExtractor(StreamPipeline pipeline, Unwrap unwrap) {
            this.pipeline = pipeline;
            this.unwrap = unwrap;
            this.postFilters = new Stage.Processor[unwrap.postFilters().size()];
            for (int i = 0; i < postFilters.length; i++) postFilters[i] = unwrap.postFilters().get(i).processor();
        }

        @Override
        public boolean process(long tsNanos, byte[] line, int offset, int length, Labels structuredMetadata) {
            return pipeline.process(tsNanos, line, offset, length, structuredMetadata) && unwrap(tsNanos);
        }

        @Override
        public boolean mayUseColumns() {
            // the filters after unwrap read only labels
            return pipeline.mayUseColumns();
        }

        @Override
        public boolean acceptsColumns(JsonColumns columns) {
            return pipeline.acceptsColumns(columns);
        }

        @Override
        public boolean processColumns(long tsNanos, int entry, Labels structuredMetadata) {
            return pipeline.processColumns(tsNanos, entry, structuredMetadata) && unwrap(tsNanos);
        }

        /** Takes the value of the unwrapped label of the entry the pipeline kept, and runs the filters after it. */
        private boolean unwrap(long tsNanos) {
            LabelsBuilder labels = pipeline.labelsBuilder();
            double plain = unwrap.conversion() == UnwrapConversion.FLOAT ? labels.plainDecimal(unwrap.label()) : Double.NaN;
            if (!Double.isNaN(plain)) {
                value = plain;
                return postFilters(tsNanos, labels);
            }
            String text = labels.find(unwrap.label()).orElse("");
            // an entry without the label (or with it empty) gives no sample, as in Loki since 2.7
            if (text.isEmpty()) return false;
            try {
                value = unwrap.conversion().convert(text);
            } catch (IllegalArgumentException e) {
                value = 0;
                labels.setError(Factory.SAMPLE_EXTRACTION_ERROR);
                labels.setErrorDetails(e.getMessage());
            }
            return postFilters(tsNanos, labels);
        }

        private boolean postFilters(long tsNanos, LabelsBuilder labels) {
            for (Stage.Processor f : postFilters) {
                if (!f.process(tsNanos, pipeline.line(), labels)) return false;
            }
            return true;
        }

        @Override
        public double value() {
            return value;
        }

        @Override
        public Labels labels() {
            return pipeline.labels();
        }
    }
}
