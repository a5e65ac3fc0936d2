package io.norn.logql.log;

import io.norn.model.Labels;

/**
 * Finds the labels {@code | json} sets on a line, for storage to keep them as {@link JsonColumns}. It runs the
 * parser itself, for a stream without labels (so names carry no {@code _extracted} suffix): the columns hold exactly
 * what a query would compute. Not thread-safe.
 */
public final class JsonLabelExtractor {
    /**
     * Receives the labels of a line, in the order the parser sets them (a label may come twice); the bytes are valid
     * only during the call. A value longer than {@link JsonColumns#MAX_VALUE_LENGTH} may be the member's JSON text
     * rather than the label's value.
     */
    public interface Sink {
        void label(String name, byte[] buf, int off, int len);
    }

    private final JsonParserStage.JsonProcessor parser = new JsonParserStage.JsonProcessor(null);
    private final LabelsBuilder labels = new LabelsBuilder(Labels.EMPTY);
    private final Line line = new Line();

    /**
     * Reports the labels of one line to {@code sink}; false when the line is not a JSON object or the parser sets an
     * error on it (after reporting the labels found before the error).
     */
    public boolean extract(byte[] buf, int off, int len, Sink sink) {
        // nearly every line that is not JSON is rejected here, at no cost
        if (len == 0 || buf[off] != '{') return false;
        labels.reset(Labels.EMPTY);
        line.set(buf, off, len);
        parser.reportTo(sink);
        parser.process(0, line, labels);
        return !labels.hasError();
    }
}
