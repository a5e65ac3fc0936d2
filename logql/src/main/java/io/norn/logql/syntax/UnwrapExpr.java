package io.norn.logql.syntax;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** {@code | unwrap [conversion(]label[)]} followed by label filters applied after the conversion. */
public record UnwrapExpr(String label, Conversion conversion, List<LabelFilter> postFilters) {
    /** How the label value becomes a sample value. */
    public enum Conversion {
        /** Parse as a float. */
        NONE(""),
        /** Parse as a Go duration, in seconds. */
        DURATION("duration"),
        /** Same as {@link #DURATION}. */
        DURATION_SECONDS("duration_seconds"),
        /** Parse as a humanized byte size, in bytes. */
        BYTES("bytes");

        private final String keyword;

        Conversion(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    public UnwrapExpr {
        requireNonNull(label, "label is null");
        requireNonNull(conversion, "conversion is null");
        postFilters = List.copyOf(postFilters);
    }
}
