package io.norn.logql.engine;

import io.norn.logql.log.Pipeline;
import io.norn.logql.syntax.BinOpModifier;
import io.norn.logql.syntax.BinaryOpExpr;
import io.norn.logql.syntax.DecolorizeExpr;
import io.norn.logql.syntax.DropLabelsExpr;
import io.norn.logql.syntax.KeepLabelsExpr;
import io.norn.logql.syntax.LabelFilter;
import io.norn.logql.syntax.LabelFilterStage;
import io.norn.logql.syntax.LabelFormatExpr;
import io.norn.logql.syntax.LabelReplaceExpr;
import io.norn.logql.syntax.LineFilterExpr;
import io.norn.logql.syntax.LineFormatExpr;
import io.norn.logql.syntax.LiteralExpr;
import io.norn.logql.syntax.LogRangeExpr;
import io.norn.logql.syntax.ParserExpr;
import io.norn.logql.syntax.RangeAggregationExpr;
import io.norn.logql.syntax.RangeOp;
import io.norn.logql.syntax.SampleExpr;
import io.norn.logql.syntax.StageExpr;
import io.norn.logql.syntax.UnwrapExpr;
import io.norn.logql.syntax.VectorAggregationExpr;
import io.norn.logql.syntax.VectorExpr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Translates a metric query's AST into a {@link MetricPlan}, applying the rewrites Loki 2.8 applies before it
 * evaluates, because they change observable results:
 * <ul>
 * <li>a {@code sum} directly over a range aggregation of counts, rates, bytes or sums, without grouping of its own,
 * lends it its grouping ({@code sum(...)} lends {@code by ()});</li>
 * <li>a {@code line_format} that no later parser or line filter reads is removed, except for the byte-counting
 * functions (so its template errors do not happen);</li>
 * <li>when the range aggregation keeps no label at all ({@code by ()}, lent or its own, or
 * {@code absent_over_time}), nothing is unwrapped and no stage reads a label, the parsers are skipped (Loki's
 * parser hints): their errors cannot fail the query then;</li>
 * <li>for instant queries, a splittable range aggregation whose range exceeds {@code split_queries_by_interval} is
 * evaluated as sub-ranges of that interval (Loki's range mapper), each excluding an entry exactly at its end.</li>
 * </ul>
 * Thread-safe.
 */
final class MetricPlanner {
    private final PipelineCompiler.TemplateCompiler templates;

    MetricPlanner(PipelineCompiler.TemplateCompiler templates) {
        this.templates = requireNonNull(templates, "templates is null");
    }

    /** The plan of {@code expr}; throws {@link QueryException} (400) for pipelines that cannot be compiled. */
    MetricPlan plan(SampleExpr expr) {
        return plan(expr, 0);
    }

    /**
     * The plan of {@code expr} for an instant query evaluated with {@code split_queries_by_interval} =
     * {@code instantSplitNanos} (0: a range query, or no splitting).
     */
    MetricPlan plan(SampleExpr expr, long instantSplitNanos) {
        Set<RangeAggregationExpr> split = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        if (instantSplitNanos > 0) new RangeSplits(instantSplitNanos, split).map(expr, null);
        return new Translation(split, instantSplitNanos).plan(expr);
    }

    /** One translation: knows which range aggregations Loki's range mapper splits. */
    private final class Translation {
        private final Set<RangeAggregationExpr> split;
        private final long splitNanos;

        Translation(Set<RangeAggregationExpr> split, long splitNanos) {
            this.split = split;
            this.splitNanos = splitNanos;
        }

        MetricPlan plan(SampleExpr expr) {
            return switch (expr) {
                case RangeAggregationExpr r -> range(r, null, splitOf(r));
                case VectorAggregationExpr v -> vectorAggregation(v);
                case BinaryOpExpr b -> new MetricPlan.Binary(binaryOp(b.op()), matching(b.modifier()),
                        b.modifier().returnBool(), plan(b.lhs()), plan(b.rhs()));
                case LiteralExpr l -> new MetricPlan.Literal(l.value());
                case VectorExpr v -> new MetricPlan.VectorLiteral(v.value());
                case LabelReplaceExpr l -> new MetricPlan.LabelReplaceNode(plan(l.inner()),
                        new LabelReplace(l.dst(), l.replacement(), l.src(), l.regex()));
            };
        }

        private long splitOf(RangeAggregationExpr r) {
            return split.contains(r) ? splitNanos : 0;
        }

        private MetricPlan vectorAggregation(VectorAggregationExpr v) {
            Grouping grouping = grouping(v.grouping());
            VectorAggregation.Op op = switch (v.op()) {
                case SUM -> VectorAggregation.Op.SUM;
                case AVG -> VectorAggregation.Op.AVG;
                case MIN -> VectorAggregation.Op.MIN;
                case MAX -> VectorAggregation.Op.MAX;
                case COUNT -> VectorAggregation.Op.COUNT;
                case STDDEV -> VectorAggregation.Op.STDDEV;
                case STDVAR -> VectorAggregation.Op.STDVAR;
                case TOPK -> VectorAggregation.Op.TOPK;
                case BOTTOMK -> VectorAggregation.Op.BOTTOMK;
                case SORT -> VectorAggregation.Op.SORT;
                case SORT_DESC -> VectorAggregation.Op.SORT_DESC;
                case APPROX_TOPK -> throw new QueryException(QueryException.Kind.BAD_QUERY,
                        "approx_topk is not supported by this query engine");
            };
            MetricPlan input;
            if (op == VectorAggregation.Op.SUM && v.inner() instanceof RangeAggregationExpr r && r.grouping().isEmpty()
                    && lendsGrouping(r.op())) {
                input = range(r, grouping, splitOf(r));
            } else {
                input = plan(v.inner());
            }
            return new MetricPlan.VectorAggregation(op, grouping, v.param().orElse(0), input);
        }
    }

    /** Range functions whose sum over a group equals the function over the group's samples (Loki's list). */
    private static boolean lendsGrouping(RangeOp op) {
        return switch (op) {
            case BYTES_OVER_TIME, BYTES_RATE, SUM_OVER_TIME, RATE, COUNT_OVER_TIME -> true;
            default -> false;
        };
    }

    private MetricPlan.RangeAggregation range(RangeAggregationExpr r, Grouping lent, long splitNanos) {
        LogRangeExpr range = r.range();
        UnwrapExpr unwrap = range.unwrap().orElse(null);
        RangeFunction function = function(r.op(), unwrap != null);
        Grouping own = r.grouping().map(MetricPlanner::grouping).orElse(null);
        boolean bytes = r.op() == RangeOp.BYTES_OVER_TIME || r.op() == RangeOp.BYTES_RATE;
        List<StageExpr> stages = range.selector().stages();
        if (!bytes) stages = withoutUnreadLineFormat(stages);
        Grouping effective = own != null ? own : lent;
        boolean noLabels = r.op() == RangeOp.ABSENT_OVER_TIME || effective != null && effective.noLabels();
        if (noLabels && unwrap == null && requiredLabelNames(stages).isEmpty()) stages = withoutParsers(stages);
        Pipeline pipeline = PipelineCompiler.compileBehindPushdown(stages, templates, parserHints(stages, effective, unwrap));
        LinePredicate lineFilter = PipelineCompiler.linePredicate(stages);
        SampleExtractor.Factory extractor;
        if (unwrap != null) {
            List<StageExpr> post = new ArrayList<>();
            for (LabelFilter f : unwrap.postFilters()) post.add(new LabelFilterStage(f));
            UnwrapConversion conversion = switch (unwrap.conversion()) {
                case NONE -> UnwrapConversion.FLOAT;
                case DURATION, DURATION_SECONDS -> UnwrapConversion.DURATION;
                case BYTES -> UnwrapConversion.BYTES;
            };
            extractor = new SampleExtractor.Factory(pipeline, lineFilter, SampleExtractor.Source.UNWRAP,
                    new SampleExtractor.Unwrap(unwrap.label(), conversion, PipelineCompiler.compile(post, templates).stages()));
        } else {
            extractor = new SampleExtractor.Factory(pipeline, lineFilter,
                    bytes ? SampleExtractor.Source.BYTES : SampleExtractor.Source.LINES, null);
        }
        double param = r.param().isPresent() ? r.param().getAsDouble() : 0;
        return new MetricPlan.RangeAggregation(function, param, range.selector().matchers(), extractor,
                range.rangeNanos(), range.offsetNanos(), own, own == null ? lent : null, splitNanos);
    }

    private static RangeFunction function(RangeOp op, boolean unwrapped) {
        return switch (op) {
            case COUNT_OVER_TIME -> RangeFunction.COUNT_OVER_TIME;
            case RATE -> unwrapped ? RangeFunction.RATE_VALUES : RangeFunction.RATE;
            case RATE_COUNTER -> RangeFunction.RATE_COUNTER;
            case BYTES_OVER_TIME -> RangeFunction.BYTES_OVER_TIME;
            case BYTES_RATE -> RangeFunction.BYTES_RATE;
            case AVG_OVER_TIME -> RangeFunction.AVG_OVER_TIME;
            case SUM_OVER_TIME -> RangeFunction.SUM_OVER_TIME;
            case MIN_OVER_TIME -> RangeFunction.MIN_OVER_TIME;
            case MAX_OVER_TIME -> RangeFunction.MAX_OVER_TIME;
            case STDVAR_OVER_TIME -> RangeFunction.STDVAR_OVER_TIME;
            case STDDEV_OVER_TIME -> RangeFunction.STDDEV_OVER_TIME;
            case QUANTILE_OVER_TIME -> RangeFunction.QUANTILE_OVER_TIME;
            case FIRST_OVER_TIME -> RangeFunction.FIRST_OVER_TIME;
            case LAST_OVER_TIME -> RangeFunction.LAST_OVER_TIME;
            case ABSENT_OVER_TIME -> RangeFunction.ABSENT_OVER_TIME;
        };
    }

    /** Drops each {@code line_format} not followed by a parser or a line filter, which are the only readers of the line. */
    static List<StageExpr> withoutUnreadLineFormat(List<StageExpr> stages) {
        List<StageExpr> out = new ArrayList<>(stages.size());
        for (int i = 0; i < stages.size(); i++) {
            StageExpr s = stages.get(i);
            if (s instanceof LineFormatExpr && !readsLineLater(stages, i + 1)) continue;
            out.add(s);
        }
        return out;
    }

    private static boolean readsLineLater(List<StageExpr> stages, int from) {
        for (int j = from; j < stages.size(); j++) {
            if (stages.get(j) instanceof ParserExpr || stages.get(j) instanceof LineFilterExpr) return true;
        }
        return false;
    }

    /**
     * The only labels a {@code by (...)} range aggregation can read (Loki's parser hints): the grouping, the
     * unwrapped label, and what label filters read; none when a formatter, {@code drop} or {@code keep} could read
     * or change any label.
     */
    static Optional<Set<String>> parserHints(List<StageExpr> stages, Grouping effective, UnwrapExpr unwrap) {
        if (effective == null || effective.without()) return Optional.empty();
        for (StageExpr s : stages) {
            if (s instanceof LineFormatExpr || s instanceof LabelFormatExpr || s instanceof DropLabelsExpr
                    || s instanceof KeepLabelsExpr) {
                return Optional.empty();
            }
        }
        Set<String> names = new LinkedHashSet<>(effective.names());
        names.addAll(requiredLabelNames(stages));
        if (unwrap != null) {
            names.add(unwrap.label());
            for (LabelFilter f : unwrap.postFilters()) addNames(f, names);
        }
        return Optional.of(names);
    }

    static List<StageExpr> withoutParsers(List<StageExpr> stages) {
        List<StageExpr> out = new ArrayList<>(stages.size());
        for (StageExpr s : stages) if (!(s instanceof ParserExpr)) out.add(s);
        return out;
    }

    /** The labels the stages read (Loki's RequiredLabelNames): label filters, formatter templates and renames. */
    static Set<String> requiredLabelNames(List<StageExpr> stages) {
        Set<String> names = new LinkedHashSet<>();
        for (StageExpr s : stages) {
            switch (s) {
                case LabelFilterStage f -> addNames(f.filter(), names);
                case LineFormatExpr f -> names.addAll(templateFields(f.template()));
                case LabelFormatExpr f -> {
                    for (LabelFormatExpr.LabelFmt fmt : f.formats()) {
                        if (fmt.rename()) names.add(fmt.value());
                        else names.addAll(templateFields(fmt.value()));
                    }
                }
                case LineFilterExpr l -> {
                }
                case ParserExpr p -> {
                }
                case DropLabelsExpr d -> {
                }
                case KeepLabelsExpr k -> {
                }
                case DecolorizeExpr d -> {
                }
            }
        }
        return names;
    }

    /** The label names a template reads with {@code .name}; empty when it does not parse (compiling reports that). */
    private static Set<String> templateFields(String text) {
        try {
            return io.norn.logql.log.template.Template.parse(text).fieldNames();
        } catch (io.norn.logql.log.template.TemplateException e) {
            return Set.of();
        }
    }

    private static void addNames(LabelFilter f, Set<String> names) {
        switch (f) {
            case LabelFilter.StringFilter s -> names.add(s.matcher().name());
            case LabelFilter.NumericFilter n -> names.add(n.name());
            case LabelFilter.DurationFilter d -> names.add(d.name());
            case LabelFilter.BytesFilter b -> names.add(b.name());
            case LabelFilter.IpFilter ip -> names.add(ip.name());
            case LabelFilter.BinaryFilter b -> {
                addNames(b.left(), names);
                addNames(b.right(), names);
            }
        }
    }

    private static Grouping grouping(io.norn.logql.syntax.Grouping g) {
        return new Grouping(g.without(), g.labels());
    }

    private static BinaryOperations.Op binaryOp(io.norn.logql.syntax.BinaryOp op) {
        return switch (op) {
            case OR -> BinaryOperations.Op.OR;
            case AND -> BinaryOperations.Op.AND;
            case UNLESS -> BinaryOperations.Op.UNLESS;
            case EQ -> BinaryOperations.Op.EQ;
            case NEQ -> BinaryOperations.Op.NE;
            case GT -> BinaryOperations.Op.GT;
            case GTE -> BinaryOperations.Op.GE;
            case LT -> BinaryOperations.Op.LT;
            case LTE -> BinaryOperations.Op.LE;
            case ADD -> BinaryOperations.Op.ADD;
            case SUB -> BinaryOperations.Op.SUB;
            case MUL -> BinaryOperations.Op.MUL;
            case DIV -> BinaryOperations.Op.DIV;
            case MOD -> BinaryOperations.Op.MOD;
            case POW -> BinaryOperations.Op.POW;
        };
    }

    private static BinaryOperations.Matching matching(BinOpModifier m) {
        BinaryOperations.Cardinality card = switch (m.cardinality()) {
            case ONE_TO_ONE -> BinaryOperations.Cardinality.ONE_TO_ONE;
            case MANY_TO_ONE -> BinaryOperations.Cardinality.MANY_TO_ONE;
            case ONE_TO_MANY -> BinaryOperations.Cardinality.ONE_TO_MANY;
        };
        return new BinaryOperations.Matching(card, m.on(), m.matchingLabels(), m.include());
    }

    /**
     * Finds the range aggregations Loki's range mapper splits in an instant query: those reached through splittable
     * vector aggregations, binary operations and {@code label_replace}, with a splittable function and a range
     * longer than the interval. Without a grouping to keep the series few, ranges over {@code json}/{@code logfmt}
     * output are not split.
     */
    private record RangeSplits(long intervalNanos, Set<RangeAggregationExpr> out) {
        void map(SampleExpr e, VectorAggregationExpr pushdown) {
            if (!splittable(e)) return;
            switch (e) {
                case VectorAggregationExpr v -> {
                    if (lastRangeNanos(v) <= intervalNanos) return;
                    boolean push = !(v.inner() instanceof BinaryOpExpr) && v.op() != io.norn.logql.syntax.VectorOp.COUNT
                            && v.op() != io.norn.logql.syntax.VectorOp.TOPK;
                    map(v.inner(), push ? v : null);
                }
                case BinaryOpExpr b -> {
                    map(b.lhs(), pushdown);
                    map(b.rhs(), pushdown);
                }
                case LabelReplaceExpr l -> map(l.inner(), pushdown);
                case RangeAggregationExpr r -> {
                    if (r.range().rangeNanos() <= intervalNanos) return;
                    boolean extracts = false;
                    for (StageExpr s : r.range().selector().stages()) {
                        if (s instanceof ParserExpr p && (p.kind() == ParserExpr.Kind.JSON || p.kind() == ParserExpr.Kind.LOGFMT)) {
                            extracts = true;
                        }
                    }
                    if (extracts && r.grouping().isEmpty() && pushdown == null) return;
                    boolean rate = r.op() == RangeOp.RATE || r.op() == RangeOp.BYTES_RATE;
                    if (rate && extracts && (pushdown == null || pushdown.op() != io.norn.logql.syntax.VectorOp.SUM)) return;
                    out.add(r);
                }
                case LiteralExpr l -> {
                }
                case VectorExpr v -> {
                }
            }
        }

        private static boolean splittable(SampleExpr e) {
            return switch (e) {
                case VectorAggregationExpr v -> switch (v.op()) {
                    // sort and sort_desc only reorder; the reference splits below them
                    case SUM, COUNT, MAX, MIN, AVG, SORT, SORT_DESC -> splittable(v.inner());
                    default -> false;
                };
                case BinaryOpExpr b -> true;
                case LabelReplaceExpr l -> true;
                case RangeAggregationExpr r -> switch (r.op()) {
                    case RATE, BYTES_RATE, BYTES_OVER_TIME, COUNT_OVER_TIME, SUM_OVER_TIME, MAX_OVER_TIME, MIN_OVER_TIME -> true;
                    default -> false;
                };
                case LiteralExpr l -> false;
                case VectorExpr v -> false;
            };
        }

        /** The range of the last range aggregation in the expression (Loki's getRangeInterval). */
        private static long lastRangeNanos(SampleExpr e) {
            return switch (e) {
                case RangeAggregationExpr r -> r.range().rangeNanos();
                case VectorAggregationExpr v -> lastRangeNanos(v.inner());
                case LabelReplaceExpr l -> lastRangeNanos(l.inner());
                case BinaryOpExpr b -> {
                    long rhs = lastRangeNanos(b.rhs());
                    yield rhs != 0 ? rhs : lastRangeNanos(b.lhs());
                }
                case LiteralExpr l -> 0;
                case VectorExpr v -> 0;
            };
        }
    }
}
