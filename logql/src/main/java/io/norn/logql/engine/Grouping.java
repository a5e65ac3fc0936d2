package io.norn.logql.engine;

import io.norn.model.Labels;

import java.util.List;
import java.util.TreeMap;

/**
 * A {@code by (...)} or {@code without (...)} clause. {@code by ()} (and no clause on a vector aggregation)
 * groups everything into one series without labels.
 */
record Grouping(boolean without, List<String> names) {
    static final Grouping ALL = new Grouping(false, List.of());

    Grouping {
        names = List.copyOf(names);
    }

    /** True for {@code by ()}: the result has no labels at all. */
    boolean noLabels() {
        return !without && names.isEmpty();
    }

    /** The labels of the group {@code labels} belongs to. */
    Labels apply(Labels labels) {
        if (without) {
            String[] drop = new String[names.size() + 1];
            names.toArray(drop);
            drop[names.size()] = "__name__";
            return labels.without(drop);
        }
        if (names.isEmpty()) return Labels.EMPTY;
        TreeMap<String, String> kept = new TreeMap<>();
        for (String n : names) {
            String v = labels.get(n);
            if (!v.isEmpty()) kept.put(n, v);
        }
        return Labels.of(kept);
    }
}
