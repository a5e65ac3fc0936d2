package io.norn.logql.syntax;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A parser stage. {@code param} is the regular expression of {@code regexp} or the expression of
 * {@code pattern} (empty otherwise); {@code extractions} are the {@code label="path"} arguments of
 * {@code json}/{@code logfmt} (empty means "extract everything"); the flags are logfmt's
 * {@code --strict} and {@code --keep-empty}.
 */
public record ParserExpr(Kind kind, String param, List<LabelExtraction> extractions, boolean strict, boolean keepEmpty)
        implements StageExpr {
    public enum Kind {
        JSON("json"), LOGFMT("logfmt"), REGEXP("regexp"), PATTERN("pattern"), UNPACK("unpack");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    public ParserExpr {
        requireNonNull(kind, "kind is null");
        requireNonNull(param, "param is null");
        extractions = List.copyOf(extractions);
    }

    public static ParserExpr of(Kind kind) {
        return new ParserExpr(kind, "", List.of(), false, false);
    }
}
