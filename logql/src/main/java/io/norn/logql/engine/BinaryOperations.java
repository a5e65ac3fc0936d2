package io.norn.logql.engine;

import io.norn.model.Labels;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Binary operations between vectors and literals, evaluated step by step as Loki does. Stateless. */
final class BinaryOperations {
    enum Op {
        ADD, SUB, MUL, DIV, MOD, POW, EQ, NE, GT, GE, LT, LE, AND, OR, UNLESS;

        boolean comparison() {
            return switch (this) {
                case EQ, NE, GT, GE, LT, LE -> true;
                default -> false;
            };
        }

        boolean set() {
            return this == AND || this == OR || this == UNLESS;
        }
    }

    enum Cardinality { ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY }

    /**
     * Vector matching of a binary operation.
     *
     * @param on       true for {@code on (...)}, false for {@code ignoring (...)} (or no clause)
     * @param labels   the labels of the {@code on}/{@code ignoring} clause
     * @param include  the labels of {@code group_left (...)}/{@code group_right (...)}
     */
    record Matching(Cardinality card, boolean on, List<String> labels, List<String> include) {
        static final Matching DEFAULT = new Matching(Cardinality.ONE_TO_ONE, false, List.of(), List.of());

        Matching {
            labels = List.copyOf(labels);
            include = List.copyOf(include);
        }

        Labels signature(Labels l) {
            if (on) {
                Labels.Builder b = new Labels.Builder();
                for (String n : labels) {
                    String v = l.get(n);
                    if (!v.isEmpty()) b.set(n, v);
                }
                return b.build();
            }
            String[] drop = new String[labels.size() + 1];
            labels.toArray(drop);
            drop[labels.size()] = "__name__";
            return l.without(drop);
        }
    }

    private BinaryOperations() {
    }

    /** Applies the operator to two numbers; null-free: NaN for division or modulo by zero. */
    static double arithmetic(Op op, double l, double r) {
        return switch (op) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL -> l * r;
            case DIV -> r == 0 ? Double.NaN : l / r;
            case MOD -> r == 0 ? Double.NaN : l % r;
            case POW -> pow(l, r);
            case EQ -> l == r ? 1 : 0;
            case NE -> l != r ? 1 : 0;
            case GT -> l > r ? 1 : 0;
            case GE -> l >= r ? 1 : 0;
            case LT -> l < r ? 1 : 0;
            case LE -> l <= r ? 1 : 0;
            case AND, OR, UNLESS -> throw new IllegalArgumentException("set operator on numbers: " + op);
        };
    }

    /** Go's math.Pow where it differs from Java's. */
    private static double pow(double x, double y) {
        if (x == 1 || y == 0) return 1;
        if (x == -1 && Double.isInfinite(y)) return 1;
        return Math.pow(x, y);
    }

    /** Literal (scalar) with literal: a number, NaN for division by zero; comparisons need {@code bool}. */
    static double literals(Op op, double l, double r) {
        return arithmetic(op, l, r);
    }

    /**
     * Vector with a literal. {@code literalLeft} tells on which side the literal stands. Without
     * {@code bool}, comparisons filter and keep the value of the left operand.
     */
    static List<StepSeries> withLiteral(Op op, List<StepSeries> vector, double literal, boolean literalLeft,
                                        boolean returnBool, int steps) {
        List<StepSeries> out = new ArrayList<>(vector.size());
        boolean filter = op.comparison() && !returnBool;
        for (StepSeries s : vector) {
            StepSeries res = new StepSeries(s.labels, steps);
            for (int i = s.present.nextSetBit(0); i >= 0; i = s.present.nextSetBit(i + 1)) {
                double l = literalLeft ? literal : s.values[i];
                double r = literalLeft ? s.values[i] : literal;
                double v = arithmetic(op, l, r);
                if (filter) {
                    if (v == 0) continue;
                    v = l;
                }
                res.set(i, v);
            }
            if (!res.isEmpty()) out.add(res);
        }
        return out;
    }

    /** Vector with vector, with Prometheus vector matching; errors on ambiguous matches as Loki does. */
    static List<StepSeries> vectors(Op op, Matching matching, boolean returnBool, List<StepSeries> lhs,
                                    List<StepSeries> rhs, int steps) {
        Labels[] lsigs = signatures(matching, lhs);
        Labels[] rsigs = signatures(matching, rhs);
        if (op.set()) return setOperation(op, lhs, rhs, lsigs, rsigs, steps);
        boolean swap = matching.card() == Cardinality.ONE_TO_MANY;
        List<StepSeries> left = swap ? rhs : lhs;
        List<StepSeries> right = swap ? lhs : rhs;
        Labels[] leftSigs = swap ? rsigs : lsigs;
        Labels[] rightSigs = swap ? lsigs : rsigs;
        boolean filter = op.comparison() && !returnBool;
        Map<Labels, StepSeries> out = new LinkedHashMap<>();
        Map<Labels, Integer> rightBySig = new HashMap<>();
        Map<Labels, Set<Labels>> matched = new HashMap<>();
        Map<ResultKey, Labels> metricCache = new HashMap<>();
        for (int i = 0; i < steps; i++) {
            rightBySig.clear();
            matched.clear();
            for (int j = 0; j < right.size(); j++) {
                if (!right.get(j).has(i)) continue;
                if (rightBySig.putIfAbsent(rightSigs[j], j) != null) {
                    throw new QueryException(QueryException.Kind.EXECUTION,
                            "found duplicate series on the " + (swap ? "left" : "right") + " hand-side;"
                                    + "many-to-many matching not allowed: matching labels must be unique on one side");
                }
            }
            for (int j = 0; j < left.size(); j++) {
                StepSeries ls = left.get(j);
                if (!ls.has(i)) continue;
                Integer ri = rightBySig.get(leftSigs[j]);
                if (ri == null) continue;
                StepSeries rs = right.get(ri);
                final int lj = j;
                final int rj = ri;
                Labels metric = metricCache.computeIfAbsent(new ResultKey(lj, rj),
                        key -> resultMetric(ls.labels, rs.labels, matching));
                if (matching.card() == Cardinality.ONE_TO_ONE) {
                    if (matched.putIfAbsent(leftSigs[j], Set.of()) != null) {
                        throw new QueryException(QueryException.Kind.EXECUTION,
                                "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                    }
                } else {
                    Set<Labels> inserted = matched.computeIfAbsent(leftSigs[j], k -> new HashSet<>());
                    if (!inserted.add(metric)) {
                        throw new QueryException(QueryException.Kind.EXECUTION,
                                "multiple matches for labels: grouping labels must ensure unique matches");
                    }
                }
                double l = swap ? rs.values[i] : ls.values[i];
                double r = swap ? ls.values[i] : rs.values[i];
                double v = arithmetic(op, l, r);
                if (filter) {
                    if (v == 0) continue;
                    v = l;
                }
                out.computeIfAbsent(metric, m -> new StepSeries(m, steps)).set(i, v);
            }
        }
        return new ArrayList<>(out.values());
    }

    private record ResultKey(int left, int right) {
    }

    private static Labels resultMetric(Labels lhs, Labels rhs, Matching matching) {
        Labels.Builder b = new Labels.Builder(lhs);
        b.delete("__name__");
        if (matching.card() == Cardinality.ONE_TO_ONE) {
            if (matching.on()) {
                for (String n : lhs.names()) if (!matching.labels().contains(n)) b.delete(n);
            } else {
                for (String n : matching.labels()) b.delete(n);
            }
        }
        for (String n : matching.include()) {
            String v = rhs.get(n);
            if (!v.isEmpty()) b.set(n, v);
            else b.delete(n);
        }
        return b.build();
    }

    private static Labels[] signatures(Matching matching, List<StepSeries> series) {
        Labels[] sigs = new Labels[series.size()];
        for (int i = 0; i < sigs.length; i++) sigs[i] = matching.signature(series.get(i).labels);
        return sigs;
    }

    private static List<StepSeries> setOperation(Op op, List<StepSeries> lhs, List<StepSeries> rhs, Labels[] lsigs,
                                                 Labels[] rsigs, int steps) {
        Map<Labels, StepSeries> out = new LinkedHashMap<>();
        Set<Labels> sigs = new HashSet<>();
        for (int i = 0; i < steps; i++) {
            sigs.clear();
            switch (op) {
                case AND, UNLESS -> {
                    for (int j = 0; j < rhs.size(); j++) if (rhs.get(j).has(i)) sigs.add(rsigs[j]);
                    for (int j = 0; j < lhs.size(); j++) {
                        StepSeries s = lhs.get(j);
                        if (s.has(i) && sigs.contains(lsigs[j]) == (op == Op.AND)) {
                            out.computeIfAbsent(s.labels, m -> new StepSeries(m, steps)).set(i, s.values[i]);
                        }
                    }
                }
                case OR -> {
                    for (int j = 0; j < lhs.size(); j++) {
                        StepSeries s = lhs.get(j);
                        if (!s.has(i)) continue;
                        sigs.add(lsigs[j]);
                        out.computeIfAbsent(s.labels, m -> new StepSeries(m, steps)).set(i, s.values[i]);
                    }
                    for (int j = 0; j < rhs.size(); j++) {
                        StepSeries s = rhs.get(j);
                        if (s.has(i) && !sigs.contains(rsigs[j])) {
                            out.computeIfAbsent(s.labels, m -> new StepSeries(m, steps)).set(i, s.values[i]);
                        }
                    }
                }
                default -> throw new IllegalArgumentException("not a set operator: " + op);
            }
        }
        return new ArrayList<>(out.values());
    }
}
