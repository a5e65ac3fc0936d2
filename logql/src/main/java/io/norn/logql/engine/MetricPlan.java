package io.norn.logql.engine;

import io.norn.model.LabelMatcher;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** An executable metric query: the AST reduced to what evaluation needs. Immutable. */
sealed interface MetricPlan {
    /**
     * A range aggregation over the samples of selected streams.
     *
     * @param grouping   the range aggregation's own {@code by}/{@code without}, or null
     * @param pushdown   grouping injected from an enclosing {@code sum} when it does not change results, or null
     * @param unwrap     the unwrapped label, or null when samples come from lines
     */
    record RangeAggregation(RangeFunction function, double param, List<LabelMatcher> matchers,
                            EntryProcessor.Factory pipeline, Unwrap unwrap, long rangeNanos, long offsetNanos,
                            Grouping grouping, Grouping pushdown) implements MetricPlan {
        public RangeAggregation {
            requireNonNull(function, "function is null");
            matchers = List.copyOf(matchers);
            requireNonNull(pipeline, "pipeline is null");
            if (rangeNanos <= 0) throw new IllegalArgumentException("range must be positive: " + rangeNanos);
        }

        RangeAggregation withPushdown(Grouping g) {
            return new RangeAggregation(function, param, matchers, pipeline, unwrap, rangeNanos, offsetNanos, grouping, g);
        }
    }

    /** {@code unwrap [conversion(]label[)]} with its post-filters. */
    record Unwrap(String label, UnwrapConversion conversion, EntryProcessor.PostFilter postFilter) {
        public Unwrap {
            requireNonNull(label, "label is null");
            requireNonNull(conversion, "conversion is null");
            requireNonNull(postFilter, "postFilter is null");
        }
    }

    record VectorAggregation(io.norn.logql.engine.VectorAggregation.Op op, Grouping grouping, int k,
                             MetricPlan input) implements MetricPlan {
        public VectorAggregation {
            requireNonNull(op, "op is null");
            requireNonNull(grouping, "grouping is null");
            requireNonNull(input, "input is null");
        }
    }

    record Binary(BinaryOperations.Op op, BinaryOperations.Matching matching, boolean returnBool, MetricPlan lhs,
                  MetricPlan rhs) implements MetricPlan {
        public Binary {
            requireNonNull(op, "op is null");
            requireNonNull(matching, "matching is null");
            requireNonNull(lhs, "lhs is null");
            requireNonNull(rhs, "rhs is null");
        }
    }

    record Literal(double value) implements MetricPlan {
    }

    /** {@code vector(n)}: one series without labels, present at every step. */
    record VectorLiteral(double value) implements MetricPlan {
    }

    record LabelReplaceNode(MetricPlan input, LabelReplace replace) implements MetricPlan {
        public LabelReplaceNode {
            requireNonNull(input, "input is null");
            requireNonNull(replace, "replace is null");
        }
    }
}
