package io.norn.logql.log;

import io.norn.model.Labels;

import java.nio.charset.StandardCharsets;

/**
 * Finds the labels {@code | json} sets on a line, for storage to keep them as {@link JsonColumns}. It runs the
 * parser itself, for a stream without labels (so names carry no {@code _extracted} suffix): the columns hold exactly
 * what a query would compute. Not thread-safe.
 */
public final class JsonLabelExtractor {
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

    /** Receives the labels of a line; the bytes are valid only during the call. */
    public interface Sink {
        void label(String name, byte[] buf, int off, int len);
    }

    private final JsonParserStage.JsonProcessor parser = new JsonParserStage.JsonProcessor(null);
    private final LabelsBuilder labels = new LabelsBuilder(Labels.EMPTY);
    private final Line line = new Line();

    /**
     * Reports the labels of one line to {@code sink}; false, reporting nothing, when the line is not a JSON object
     * or the parser would set an error or set a label twice (the columns could then not say what it does).
     */
    public boolean extract(byte[] buf, int off, int len, Sink sink) {
        // nearly every line that is not JSON is rejected here, at no cost
        if (len == 0 || buf[off] != '{') return false;
        labels.reset(Labels.EMPTY);
        line.set(buf, off, len);
        parser.process(0, line, labels);
        int n = labels.parsedCount();
        if (labels.hasError() || parser.labelsSet() != n) return false;
        for (int i = 0; i < n; i++) {
            String name = labels.parsedName(i);
            if (name.equals(LabelsBuilder.ERROR_LABEL) || name.equals(LabelsBuilder.ERROR_DETAILS_LABEL)) return false;
        }
        for (int i = 0; i < n; i++) {
            String name = labels.parsedName(i);
            String s = labels.parsedString(i);
            if (s == null) {
                sink.label(name, labels.arena(), labels.parsedOffset(i), labels.parsedLength(i));
            } else {
                byte[] b = s.equals("true") ? TRUE : s.equals("false") ? FALSE : s.getBytes(StandardCharsets.UTF_8);
                sink.label(name, b, 0, b.length);
            }
        }
        return true;
    }
}
