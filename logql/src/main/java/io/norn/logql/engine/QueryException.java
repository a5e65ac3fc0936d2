package io.norn.logql.engine;

/**
 * A metric query failed while it was evaluated. {@link #status()} is the HTTP status Loki answers with:
 * 400 for pipeline errors, limits and invalid evaluations; 500 for execution errors such as ambiguous
 * vector matching.
 */
public final class QueryException extends RuntimeException {
    /** Why evaluation stopped. */
    public enum Kind {
        /** A sample carries {@code __error__} (a parser or conversion failed) and the query does not filter it. */
        PIPELINE_ERROR(400),
        /** More series than {@code max_query_series}. */
        SERIES_LIMIT(400),
        /** The query is valid syntax but cannot be evaluated (e.g. an unusable regular expression). */
        BAD_QUERY(400),
        /** Evaluation failed, e.g. many-to-many vector matching. */
        EXECUTION(500),
        /** The query was cancelled or ran past its deadline. */
        CANCELLED(503),
        /** Reading from storage failed. */
        STORAGE(500);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    public QueryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public QueryException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status for this error. */
    public int status() {
        return kind.status();
    }
}
