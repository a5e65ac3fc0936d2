package io.norn.logql.syntax;

import java.util.List;

/** {@code by (a, b)} or {@code without (a, b)}; {@link #NONE} is "no grouping" (aggregate everything). */
public record Grouping(boolean without, List<String> labels) {
    public static final Grouping NONE = new Grouping(false, List.of());

    public Grouping {
        labels = List.copyOf(labels);
    }

    /** True for {@link #NONE} (also written {@code by ()}). */
    public boolean none() {
        return !without && labels.isEmpty();
    }
}
