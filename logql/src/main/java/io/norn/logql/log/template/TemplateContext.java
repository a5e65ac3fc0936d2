package io.norn.logql.log.template;

import java.util.Map;
import java.util.Optional;

/** What a template sees while it formats one log line. */
public interface TemplateContext {
    /** A label of the current line (stream, structured metadata or parsed). */
    Optional<String> label(String name);

    /** The current line, for {@code __line__}. */
    String line();

    /** The entry timestamp, for {@code __timestamp__}. */
    long timestampNanos();

    /**
     * All labels of the current line. Only templates that use the data as a whole ({@code {{.}}},
     * {@code range .}, {@code len .}, {@code index . "x"}) need it; field access goes through {@link #label}.
     */
    default Map<String, String> labels() {
        return Map.of();
    }
}
