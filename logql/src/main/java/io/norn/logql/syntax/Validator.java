package io.norn.logql.syntax;

import io.norn.model.LabelMatcher;

import java.util.List;

/** The whole-query checks Loki runs after a successful parse. */
final class Validator {
    static final String EMPTY_MATCHERS = "queries require at least one regexp or equality matcher that does not have "
            + "an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will";

    private Validator() {
    }

    static void validate(Expr e) throws ParseException {
        switch (e) {
            case LogSelectorExpr s -> matchers(s.matchers());
            case SampleExpr s -> sample(s);
        }
    }

    private static void sample(SampleExpr e) throws ParseException {
        switch (e) {
            case BinaryOpExpr b -> {
                sample(b.lhs());
                sample(b.rhs());
            }
            case LiteralExpr l -> {
            }
            case VectorExpr v -> {
            }
            case VectorAggregationExpr v -> {
                if ((v.op() == VectorOp.SORT || v.op() == VectorOp.SORT_DESC) && !v.grouping().labels().isEmpty()) {
                    throw new ParseException("sort and sort_desc doesn't allow grouping by ");
                }
                sample(v.inner());
            }
            case RangeAggregationExpr r -> matchers(r.range().selector().matchers());
            case LabelReplaceExpr l -> sample(l.inner());
        }
    }

    /** A selector must contain a matcher that does not accept the empty value (else it would select every stream). */
    static void matchers(List<LabelMatcher> matchers) throws ParseException {
        for (LabelMatcher m : matchers) {
            if (!m.matchesEmpty()) return;
        }
        throw new ParseException(EMPTY_MATCHERS);
    }
}
