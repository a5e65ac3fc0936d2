package io.norn.logql.syntax;

import io.norn.model.LabelMatcher;

import static java.util.Objects.requireNonNull;

/** The expression tree of a label filter stage ({@code | status >= 500 or level="error"}). */
public sealed interface LabelFilter {

    /** {@code name op "value"} with a string matcher ({@code = != =~ !~}). */
    record StringFilter(LabelMatcher matcher) implements LabelFilter {
        public StringFilter {
            requireNonNull(matcher, "matcher is null");
        }
    }

    /** {@code name op number}: the label value is parsed as a float. */
    record NumericFilter(String name, ComparisonOp op, double value) implements LabelFilter {
        public NumericFilter {
            requireNonNull(name, "name is null");
            requireNonNull(op, "op is null");
        }
    }

    /** {@code name op 250ms}: the label value is parsed as a Go duration. */
    record DurationFilter(String name, ComparisonOp op, long nanos) implements LabelFilter {
        public DurationFilter {
            requireNonNull(name, "name is null");
            requireNonNull(op, "op is null");
        }
    }

    /** {@code name op 10KB}: the label value is parsed as a humanized byte size. */
    record BytesFilter(String name, ComparisonOp op, long bytes) implements LabelFilter {
        public BytesFilter {
            requireNonNull(name, "name is null");
            requireNonNull(op, "op is null");
        }
    }

    /** {@code name = ip("10.0.0.0/8")} ({@code equal}) or {@code name != ip(...)}. */
    record IpFilter(String name, boolean equal, String pattern) implements LabelFilter {
        public IpFilter {
            requireNonNull(name, "name is null");
            requireNonNull(pattern, "pattern is null");
        }
    }

    /** {@code left and right} (also written {@code left, right} or {@code left right}) or {@code left or right}. */
    record BinaryFilter(boolean and, LabelFilter left, LabelFilter right) implements LabelFilter {
        public BinaryFilter {
            requireNonNull(left, "left is null");
            requireNonNull(right, "right is null");
        }
    }
}
