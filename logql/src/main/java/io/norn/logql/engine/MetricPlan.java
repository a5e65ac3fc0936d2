package io.norn.logql.engine;

import io.norn.model.LabelMatcher;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** An executable metric query: the AST reduced to what evaluation needs. Immutable. */
sealed interface MetricPlan {
    /**
     * A range aggregation over the samples of selected streams.
     *
     * @param extractor  how samples are made from the entries of the selected streams
     * @param grouping   the range aggregation's own {@code by}/{@code without}, or null
     * @param pushdown   grouping injected from an enclosing {@code sum} when it does not change results, or null
     * @param splitNanos for instant queries: the interval the range is split into (Loki's range splitting of
     *                   instant queries), whose inner boundaries exclude an entry exactly on them; 0 for none
     */
    record RangeAggregation(RangeFunction function, double param, List<LabelMatcher> matchers,
                            SampleExtractor.Factory extractor, long rangeNanos, long offsetNanos,
                            Grouping grouping, Grouping pushdown, long splitNanos) implements MetricPlan {
        public RangeAggregation {
            requireNonNull(function, "function is null");
            matchers = List.copyOf(matchers);
            requireNonNull(extractor, "extractor is null");
            if (rangeNanos <= 0) throw new IllegalArgumentException("range must be positive: " + rangeNanos);
            if (splitNanos < 0) throw new IllegalArgumentException("splitNanos is negative: " + splitNanos);
        }

        RangeAggregation(RangeFunction function, double param, List<LabelMatcher> matchers,
                         SampleExtractor.Factory extractor, long rangeNanos, long offsetNanos, Grouping grouping,
                         Grouping pushdown) {
            this(function, param, matchers, extractor, rangeNanos, offsetNanos, grouping, pushdown, 0);
        }

        RangeAggregation withPushdown(Grouping g) {
            return new RangeAggregation(function, param, matchers, extractor, rangeNanos, offsetNanos, grouping, g,
                    splitNanos);
        }

        /** The unwrapped label, or null when samples come from lines. */
        String unwrapLabel() {
            return extractor.unwrap() == null ? null : extractor.unwrap().label();
        }

        /** The grouping samples are reduced to while they are collected: the own one, else the pushed-down one. */
        Grouping effectiveGrouping() {
            return grouping != null ? grouping : pushdown;
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
