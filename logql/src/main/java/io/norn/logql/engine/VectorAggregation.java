package io.norn.logql.engine;

import io.norn.model.Labels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Vector aggregations across series at each step, with Prometheus' semantics. Stateless. */
final class VectorAggregation {
    enum Op { SUM, AVG, MIN, MAX, COUNT, STDDEV, STDVAR, TOPK, BOTTOMK, SORT, SORT_DESC }

    private VectorAggregation() {
    }

    /**
     * @param k          the parameter of topk/bottomk, ignored otherwise
     * @param sortByValue for sort/sort_desc on an instant (single step) evaluation: reorder the series
     */
    static List<StepSeries> apply(Op op, Grouping grouping, int k, List<StepSeries> input, int steps) {
        return switch (op) {
            case SORT, SORT_DESC -> sort(op, input, steps);
            case TOPK, BOTTOMK -> topk(op == Op.TOPK, grouping, k, input, steps);
            default -> aggregate(op, grouping, input, steps);
        };
    }

    private static List<StepSeries> aggregate(Op op, Grouping grouping, List<StepSeries> input, int steps) {
        Map<Labels, List<StepSeries>> groups = group(grouping, input);
        List<StepSeries> out = new ArrayList<>(groups.size());
        for (Map.Entry<Labels, List<StepSeries>> g : groups.entrySet()) {
            StepSeries res = new StepSeries(g.getKey(), steps);
            List<StepSeries> members = g.getValue();
            for (int i = 0; i < steps; i++) {
                double value = 0;
                double mean = 0;
                double count = 0;
                for (StepSeries s : members) {
                    if (!s.has(i)) continue;
                    double x = s.values[i];
                    count++;
                    if (count == 1) {
                        value = switch (op) {
                            case STDDEV, STDVAR -> 0;
                            case COUNT -> 1;
                            default -> x;
                        };
                        mean = x;
                        continue;
                    }
                    switch (op) {
                        case SUM -> value += x;
                        case AVG -> {
                            if (Double.isInfinite(mean)) {
                                if (Double.isInfinite(x) && (mean > 0) == (x > 0)) break;
                                if (!Double.isInfinite(x) && !Double.isNaN(x)) break;
                            }
                            mean += x / count - mean / count;
                        }
                        case MIN -> {
                            if (value > x || Double.isNaN(value)) value = x;
                        }
                        case MAX -> {
                            if (value < x || Double.isNaN(value)) value = x;
                        }
                        case COUNT -> value = count;
                        case STDDEV, STDVAR -> {
                            double delta = x - mean;
                            mean += delta / count;
                            value += delta * (x - mean);
                        }
                        default -> throw new IllegalStateException("not an aggregation: " + op);
                    }
                }
                if (count == 0) continue;
                double result = switch (op) {
                    case AVG -> mean;
                    case STDVAR -> value / count;
                    case STDDEV -> Math.sqrt(value / count);
                    default -> value;
                };
                res.set(i, result);
            }
            if (!res.isEmpty()) out.add(res);
        }
        return out;
    }

    private static List<StepSeries> topk(boolean top, Grouping grouping, int k, List<StepSeries> input, int steps) {
        if (k < 1) return List.of();
        Map<Labels, List<StepSeries>> groups = group(grouping, input);
        Map<StepSeries, StepSeries> selected = new LinkedHashMap<>();
        List<StepSeries> candidates = new ArrayList<>();
        for (List<StepSeries> members : groups.values()) {
            for (int i = 0; i < steps; i++) {
                candidates.clear();
                for (StepSeries s : members) if (s.has(i)) candidates.add(s);
                if (candidates.isEmpty()) continue;
                final int step = i;
                Comparator<StepSeries> order = (a, b) -> compareForTopk(a.values[step], b.values[step], top);
                candidates.sort(order);
                for (int j = 0; j < Math.min(k, candidates.size()); j++) {
                    StepSeries s = candidates.get(j);
                    selected.computeIfAbsent(s, x -> new StepSeries(x.labels, steps)).set(i, s.values[i]);
                }
            }
        }
        return new ArrayList<>(selected.values());
    }

    /** Orders the better candidate first: larger for topk, smaller for bottomk, NaN always last. */
    private static int compareForTopk(double a, double b, boolean top) {
        boolean an = Double.isNaN(a);
        boolean bn = Double.isNaN(b);
        if (an || bn) return Boolean.compare(an, bn);
        return top ? Double.compare(b, a) : Double.compare(a, b);
    }

    private static List<StepSeries> sort(Op op, List<StepSeries> input, int steps) {
        if (steps != 1) return input;
        List<StepSeries> out = new ArrayList<>(input);
        boolean desc = op == Op.SORT_DESC;
        out.sort((a, b) -> {
            double x = a.values[0];
            double y = b.values[0];
            boolean xn = Double.isNaN(x);
            boolean yn = Double.isNaN(y);
            if (xn || yn) return Boolean.compare(xn, yn);
            return desc ? Double.compare(y, x) : Double.compare(x, y);
        });
        return out;
    }

    private static Map<Labels, List<StepSeries>> group(Grouping grouping, List<StepSeries> input) {
        Map<Labels, List<StepSeries>> groups = new LinkedHashMap<>();
        for (StepSeries s : input) {
            groups.computeIfAbsent(grouping.apply(s.labels), l -> new ArrayList<>()).add(s);
        }
        return groups;
    }
}
