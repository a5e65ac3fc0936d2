package io.norn.logql.syntax;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Modifiers of a binary operation: {@code bool}, {@code on(...)}/{@code ignoring(...)} ({@code on} tells which;
 * {@code ignoring()} with no labels is the default) and {@code group_left(...)}/{@code group_right(...)}.
 */
public record BinOpModifier(boolean returnBool, boolean on, List<String> matchingLabels, Cardinality cardinality,
                            List<String> include) {
    public enum Cardinality { ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY }

    public static final BinOpModifier DEFAULT = new BinOpModifier(false, false, List.of(), Cardinality.ONE_TO_ONE, List.of());

    public BinOpModifier {
        matchingLabels = List.copyOf(matchingLabels);
        requireNonNull(cardinality, "cardinality is null");
        include = List.copyOf(include);
    }
}
