package io.norn.logql.log;

import io.norn.model.Labels;

/**
 * Runs a {@link Pipeline} over the entries of one stream. After {@link #process} returned true, the accessors give
 * the resulting line and labels of that entry; the line buffer may be the caller's or one owned by this pipeline and
 * is valid until the next call. Not thread-safe.
 */
public final class StreamPipeline {
    private static final byte[] NO_LINE = new byte[0];

    private final Stage.Processor[] processors;
    private final LabelsBuilder labels;
    private final Line line = new Line();
    /** The position of the pipeline's {@code | json} parser when it is the only stage that reads lines, else -1. */
    private final int jsonOnlyLineReader;

    StreamPipeline(Labels streamLabels, Stage.Processor[] processors) {
        this.processors = processors;
        this.labels = new LabelsBuilder(streamLabels);
        this.jsonOnlyLineReader = jsonOnlyLineReader(processors);
    }

    private static int jsonOnlyLineReader(Stage.Processor[] processors) {
        int json = -1;
        for (int i = 0; i < processors.length; i++) {
            if (!processors[i].readsLine()) continue;
            if (json >= 0 || !(processors[i] instanceof JsonParserStage.JsonProcessor)) return -1;
            json = i;
        }
        return json;
    }

    /** Whether some blocks' {@code | json} columns could stand in for their lines ({@link #acceptsColumns}). */
    public boolean mayUseColumns() {
        return jsonOnlyLineReader >= 0;
    }

    /**
     * Whether the entries of a block with these {@code | json} columns can be processed with {@link #processColumns}:
     * the parser is the only stage that reads lines and the columns hold every label it would set that the query
     * needs.
     */
    public boolean acceptsColumns(JsonColumns columns) {
        return jsonOnlyLineReader >= 0
                && ((JsonParserStage.JsonProcessor) processors[jsonOnlyLineReader]).acceptsColumns(columns, labels);
    }

    /**
     * Processes entry {@code entry} of the block whose columns {@link #acceptsColumns} last accepted, from them
     * instead of its line: as {@link #process} would; afterwards the line is empty.
     */
    public boolean processColumns(long tsNanos, int entry, Labels structuredMetadata) {
        line.set(NO_LINE, 0, 0);
        labels.reset(structuredMetadata);
        for (int i = 0; i < processors.length; i++) {
            if (i == jsonOnlyLineReader) {
                ((JsonParserStage.JsonProcessor) processors[i]).applyColumns(entry, labels);
            } else if (!processors[i].process(tsNanos, line, labels)) {
                return false;
            }
        }
        return true;
    }

    /** Processes one entry; false when a stage dropped it. */
    public boolean process(long tsNanos, byte[] buf, int off, int len, Labels structuredMetadata) {
        line.set(buf, off, len);
        labels.reset(structuredMetadata);
        for (Stage.Processor p : processors) {
            if (!p.process(tsNanos, line, labels)) return false;
        }
        return true;
    }

    /**
     * The labels of an entry with this structured metadata, for a pipeline without stages (they do not depend on
     * the line then).
     */
    public Labels labelsWithoutStages(Labels structuredMetadata) {
        if (processors.length > 0) throw new IllegalStateException("the pipeline has stages");
        labels.reset(structuredMetadata);
        return labels.labels();
    }

    public Line line() {
        return line;
    }

    public byte[] lineBuffer() {
        return line.buffer();
    }

    public int lineOffset() {
        return line.offset();
    }

    public int lineLength() {
        return line.length();
    }

    /** All labels of the last processed entry, sorted; the same instance while they do not change. */
    public Labels labels() {
        return labels.labels();
    }

    public Labels streamLabels() {
        return labels.streamLabels();
    }

    public Labels structuredMetadata() {
        return labels.structuredMetadata();
    }

    /** Labels added by stages, including {@code __error__} and {@code __error_details__}. */
    public Labels parsedLabels() {
        return labels.parsedLabels();
    }

    /** The labels builder of the current entry (for the engine's extraction of sample values). */
    public LabelsBuilder labelsBuilder() {
        return labels;
    }
}
