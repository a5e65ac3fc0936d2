package io.norn.logql.syntax;

import io.norn.model.LabelMatcher;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A stream selector with its pipeline: {@code {app="api"} |= "error" | json | level="error"}.
 * Stages are kept in query order; every line filter is its own stage.
 */
public record LogSelectorExpr(List<LabelMatcher> matchers, List<StageExpr> stages) implements Expr {
    public LogSelectorExpr {
        requireNonNull(matchers, "matchers is null");
        requireNonNull(stages, "stages is null");
        matchers = List.copyOf(matchers);
        stages = List.copyOf(stages);
    }

    /** True when the query has no stage at all (a bare stream selector). */
    public boolean hasPipeline() {
        return !stages.isEmpty();
    }

    /** The line filter stages, in query order. */
    public List<LineFilterExpr> lineFilters() {
        List<LineFilterExpr> out = new ArrayList<>();
        for (StageExpr s : stages) {
            if (s instanceof LineFilterExpr f) out.add(f);
        }
        return out;
    }

    /** True when every stage is a line filter (such a query can be answered without parsing lines). */
    public boolean onlyLineFilters() {
        for (StageExpr s : stages) {
            if (!(s instanceof LineFilterExpr)) return false;
        }
        return true;
    }

    /** The selector with the same matchers and the given stages. */
    public LogSelectorExpr withStages(List<StageExpr> newStages) {
        return new LogSelectorExpr(matchers, newStages);
    }

    @Override
    public String toString() {
        return Printer.format(this);
    }
}
