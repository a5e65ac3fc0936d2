package io.norn.logql.syntax;

import io.norn.model.LabelMatcher;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An argument of {@code drop}/{@code keep}: a label name, or a matcher ({@code level="debug"}) that
 * selects the label only when its value matches.
 */
public record LabelSelection(String name, Optional<LabelMatcher> matcher) {
    public LabelSelection {
        requireNonNull(name, "name is null");
        requireNonNull(matcher, "matcher is null");
    }

    public static LabelSelection name(String name) {
        return new LabelSelection(name, Optional.empty());
    }

    public static LabelSelection matching(LabelMatcher m) {
        return new LabelSelection(m.name(), Optional.of(m));
    }
}
