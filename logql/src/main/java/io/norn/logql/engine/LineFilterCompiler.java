package io.norn.logql.engine;

import io.norn.logql.log.LineFilter;
import io.norn.logql.log.LineFilters;
import io.norn.logql.syntax.LineFilterExpr;
import io.norn.logql.syntax.LineFilterValue;

import java.util.ArrayList;
import java.util.List;

/** Compiles the line filter stages of a query into one byte-level predicate (all must pass). */
public final class LineFilterCompiler {
    private LineFilterCompiler() {
    }

    public static LinePredicate compile(List<LineFilterExpr> filters) {
        if (filters.isEmpty()) return LinePredicate.ALL;
        List<LineFilter> all = new ArrayList<>(filters.size());
        for (LineFilterExpr f : filters) all.add(compile(f));
        LineFilter combined = LineFilters.and(all);
        return combined::matches;
    }

    private static LineFilter compile(LineFilterExpr f) {
        List<LineFilter> alternatives = new ArrayList<>(f.values().size());
        for (LineFilterValue v : f.values()) alternatives.add(positive(f, v));
        LineFilter any = alternatives.size() == 1 ? alternatives.getFirst() : LineFilters.or(alternatives);
        return f.type().negated() ? LineFilters.not(any) : any;
    }

    private static LineFilter positive(LineFilterExpr f, LineFilterValue v) {
        if (v.ip()) return LineFilters.ip(v.value());
        return switch (f.type()) {
            case CONTAINS, NOT_CONTAINS -> LineFilters.contains(v.value());
            case REGEX, NOT_REGEX -> LineFilters.regex(v.value());
            case PATTERN, NOT_PATTERN -> LineFilters.pattern(v.value());
        };
    }
}
