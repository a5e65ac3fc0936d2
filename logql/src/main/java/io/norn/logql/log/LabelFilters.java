package io.norn.logql.log;

import io.norn.model.LabelMatcher;

import java.nio.charset.StandardCharsets;

import static java.util.Objects.requireNonNull;

/**
 * Factories for label filter stages with Loki's semantics. String matchers see a missing label as "". Number,
 * duration and bytes comparisons let entries that already carry {@code __error__} pass, drop entries without the
 * label (except for {@code !=}), and on a conversion failure keep the entry with
 * {@code __error__=LabelFilterErr} and Go's error text as {@code __error_details__}.
 */
public final class LabelFilters {
    static final String ERROR = "LabelFilterErr";

    private LabelFilters() {
    }

    /** Comparison operators of numeric, duration and bytes filters. */
    public enum Op {
        EQ, NEQ, GT, GTE, LT, LTE;

        boolean test(double a, double b) {
            return switch (this) {
                case EQ -> a == b;
                case NEQ -> a != b;
                case GT -> a > b;
                case GTE -> a >= b;
                case LT -> a < b;
                case LTE -> a <= b;
            };
        }
    }

    /** A label filter: a boolean test that may also set the error labels. Immutable and thread-safe. */
    @FunctionalInterface
    public interface LabelFilter {
        boolean test(long tsNanos, Line line, LabelsBuilder labels);
    }

    public static Stage stage(LabelFilter filter) {
        requireNonNull(filter, "filter is null");
        Stage.Processor p = new Stage.Processor() {
            @Override
            public boolean process(long tsNanos, Line line, LabelsBuilder labels) {
                return filter.test(tsNanos, line, labels);
            }

            @Override
            public boolean readsLine() {
                return false;
            }
        };
        return () -> p;
    }

    /** {@code name = "v"}, {@code !=}, {@code =~}, {@code !~} (regex anchored). */
    public static LabelFilter matcher(LabelMatcher m) {
        requireNonNull(m, "m is null");
        String name = m.name();
        return (ts, line, labels) -> {
            String v = labels.value(name);
            return m.matches(v == null ? "" : v);
        };
    }

    /** {@code name > 3.5} etc. */
    public static LabelFilter number(String name, Op op, double value) {
        return (ts, line, labels) -> {
            if (labels.hasError()) return true;
            double plain = labels.plainDecimal(name);
            if (!Double.isNaN(plain)) return op.test(plain, value);
            String v = labels.value(name);
            if (v == null) return op == Op.NEQ;
            Units.Parsed p = Units.parseFloat(v);
            if (!p.ok()) return fail(labels, p);
            return op.test(p.value(), value);
        };
    }

    /** {@code name > 10ms}; {@code nanos} is the parsed literal. */
    public static LabelFilter duration(String name, Op op, long nanos) {
        return (ts, line, labels) -> {
            if (labels.hasError()) return true;
            String v = labels.value(name);
            if (v == null) return op == Op.NEQ;
            Units.Parsed p = Units.parseDuration(v);
            if (!p.ok()) return fail(labels, p);
            return op.test(p.nanosOrBytes(), nanos);
        };
    }

    /** {@code name > 3MB}; {@code bytes} is the parsed literal. */
    public static LabelFilter bytes(String name, Op op, long bytes) {
        return (ts, line, labels) -> {
            if (labels.hasError()) return true;
            String v = labels.value(name);
            if (v == null) return op == Op.NEQ;
            Units.Parsed p = Units.parseBytes(v);
            if (!p.ok()) return fail(labels, p);
            return op.test(p.nanosOrBytes(), bytes);
        };
    }

    private static boolean fail(LabelsBuilder labels, Units.Parsed p) {
        labels.setError(ERROR);
        labels.setErrorDetails(p.error());
        return true;
    }

    /** {@code name = ip("...")} or {@code name != ip("...")}; throws for an invalid pattern. */
    public static LabelFilter ip(String name, boolean equal, String pattern) {
        IpMatcher m = IpMatcher.parse(pattern);
        return (ts, line, labels) -> {
            if (labels.hasError()) return true;
            String v = labels.value(name);
            if (v == null) return false;
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            boolean found = m.findIn(b, 0, b.length);
            return equal == found;
        };
    }

    public static LabelFilter and(LabelFilter left, LabelFilter right) {
        return (ts, line, labels) -> {
            boolean l = left.test(ts, line, labels);
            boolean r = right.test(ts, line, labels);
            return l && r;
        };
    }

    public static LabelFilter or(LabelFilter left, LabelFilter right) {
        return (ts, line, labels) -> left.test(ts, line, labels) || right.test(ts, line, labels);
    }
}
