package io.norn.logql.engine;

import io.norn.logql.log.Formatters;
import io.norn.logql.log.LabelFilters;
import io.norn.logql.log.LineFilter;
import io.norn.logql.log.LineFilters;
import io.norn.logql.log.Parsers;
import io.norn.logql.log.Pipeline;
import io.norn.logql.log.Stage;
import io.norn.logql.log.Units;
import io.norn.logql.syntax.ComparisonOp;
import io.norn.logql.syntax.DecolorizeExpr;
import io.norn.logql.syntax.DropLabelsExpr;
import io.norn.logql.syntax.KeepLabelsExpr;
import io.norn.logql.syntax.LabelExtraction;
import io.norn.logql.syntax.LabelFilter;
import io.norn.logql.syntax.LabelFilterStage;
import io.norn.logql.syntax.LabelFormatExpr;
import io.norn.logql.syntax.LabelSelection;
import io.norn.logql.syntax.LineFilterExpr;
import io.norn.logql.syntax.LineFilterValue;
import io.norn.logql.syntax.LineFormatExpr;
import io.norn.logql.syntax.ParserExpr;
import io.norn.logql.syntax.StageExpr;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles the stages of a log selector into a {@link Pipeline}. Line filters are moved before stages that do not
 * change the line (parsers other than {@code unpack}, label filters, {@code label_format}, {@code drop},
 * {@code keep}), which changes nothing observable since they only drop entries; the leading line filters are also
 * offered to storage as a {@link LinePredicate}.
 */
public final class PipelineCompiler {
    /** Parses template text for {@code line_format}/{@code label_format}; throws with the engine's message. */
    @FunctionalInterface
    public interface TemplateCompiler {
        Formatters.Template compile(String text) throws IllegalArgumentException;
    }

    private PipelineCompiler() {
    }

    /** The pipeline for {@code stages} with Loki's template engine; throws {@link QueryException} (400) when invalid. */
    public static Pipeline compile(List<StageExpr> stages) {
        return compile(stages, LokiTemplates.INSTANCE);
    }

    /** The pipeline for {@code stages}; throws {@link QueryException} (400) with Loki's message when invalid. */
    public static Pipeline compile(List<StageExpr> stages, TemplateCompiler templates) {
        return compile(stages, templates, Optional.empty());
    }

    /**
     * As {@link #compile(List, TemplateCompiler)}, with Loki's parser hints: when {@code onlyLabels} is present, a
     * {@code json} parser without parameters still checks the whole line but keeps only those labels (the query
     * reads no other one).
     */
    static Pipeline compile(List<StageExpr> stages, TemplateCompiler templates, Optional<Set<String>> onlyLabels) {
        return compile(stages, templates, onlyLabels, false);
    }

    /**
     * The pipeline for lines read through a {@link Querier} with {@link #linePredicate} as the filter: storage
     * returns only lines that pass it, so the leading line filters it stands for are left out (still compiled:
     * their errors are the query's).
     */
    public static Pipeline compileBehindPushdown(List<StageExpr> stages) {
        return compile(stages, LokiTemplates.INSTANCE, Optional.empty(), true);
    }

    /** {@link #compileBehindPushdown(List)} with the given templates and parser hints. */
    static Pipeline compileBehindPushdown(List<StageExpr> stages, TemplateCompiler templates, Optional<Set<String>> onlyLabels) {
        return compile(stages, templates, onlyLabels, true);
    }

    private static Pipeline compile(List<StageExpr> stages, TemplateCompiler templates, Optional<Set<String>> onlyLabels,
                                    boolean behindPushdown) {
        List<Stage> out = new ArrayList<>();
        boolean leading = true;
        for (StageExpr s : reorder(stages)) {
            Stage stage = stage(s, templates, onlyLabels);
            leading &= s instanceof LineFilterExpr;
            if (!(behindPushdown && leading)) out.add(stage);
        }
        return Pipeline.of(out);
    }

    /**
     * The conjunction of the leading line filters (after reordering), or {@link LinePredicate#ALL}, with the literals
     * every line it accepts must contain.
     */
    public static LinePredicate linePredicate(List<StageExpr> stages) {
        List<LineFilter> filters = new ArrayList<>();
        List<byte[]> exact = new ArrayList<>();
        List<byte[]> ignoringCase = new ArrayList<>();
        for (StageExpr s : reorder(stages)) {
            if (!(s instanceof LineFilterExpr lf)) break;
            filters.add(lineFilter(lf));
            LineFilters.Literals required = requiredLiterals(lf);
            for (String l : required.exact()) exact.add(l.getBytes(StandardCharsets.UTF_8));
            for (String l : required.ignoringCase()) ignoringCase.add(l.getBytes(StandardCharsets.US_ASCII));
        }
        if (filters.isEmpty()) return LinePredicate.ALL;
        LineFilter f = LineFilters.and(filters);
        if (f == LineFilters.ALL) return LinePredicate.ALL;
        return new FilterPredicate(f, List.copyOf(exact), List.copyOf(ignoringCase));
    }

    private record FilterPredicate(LineFilter filter, List<byte[]> requiredLiterals, List<byte[]> requiredLiteralsIgnoringCase)
            implements LinePredicate {
        @Override
        public boolean test(byte[] buf, int off, int len) {
            return filter.matches(buf, off, len);
        }
    }

    /** What a single positive line filter requires of every line it keeps ({@code |= "a" or "b"} requires nothing). */
    private static LineFilters.Literals requiredLiterals(LineFilterExpr lf) {
        if (lf.values().size() != 1 || lf.first().ip()) return LineFilters.Literals.NONE;
        return switch (lf.type()) {
            case CONTAINS -> new LineFilters.Literals(List.of(lf.first().value()), List.of());
            case REGEX -> LineFilters.requiredLiterals(lf.first().value());
            case NOT_CONTAINS, NOT_REGEX, PATTERN, NOT_PATTERN -> LineFilters.Literals.NONE;
        };
    }

    /** Moves each line filter before the stages that leave the line unchanged. */
    static List<StageExpr> reorder(List<StageExpr> stages) {
        List<StageExpr> result = new ArrayList<>(stages.size());
        for (StageExpr s : stages) {
            if (s instanceof LineFilterExpr) {
                int at = result.size();
                while (at > 0 && keepsLine(result.get(at - 1))) at--;
                // keep line filters in their original relative order
                while (at < result.size() && result.get(at) instanceof LineFilterExpr) at++;
                result.add(at, s);
            } else {
                result.add(s);
            }
        }
        return result;
    }

    private static boolean keepsLine(StageExpr s) {
        return switch (s) {
            case LineFilterExpr l -> false;
            case ParserExpr p -> p.kind() != ParserExpr.Kind.UNPACK;
            case LabelFilterStage l -> true;
            case LabelFormatExpr l -> true;
            case DropLabelsExpr d -> true;
            case KeepLabelsExpr k -> true;
            case LineFormatExpr l -> false;
            case DecolorizeExpr d -> false;
        };
    }

    private static Stage stage(StageExpr s, TemplateCompiler templates, Optional<Set<String>> onlyLabels) {
        try {
            return switch (s) {
                case LineFilterExpr lf -> Stage.of(lineFilter(lf));
                case LabelFilterStage lf -> LabelFilters.stage(labelFilter(lf.filter()));
                case ParserExpr p -> parser(p, onlyLabels);
                case LineFormatExpr lf -> Formatters.lineFormat(template(templates, lf.template(), "invalid line template: "));
                case LabelFormatExpr lf -> {
                    List<Formatters.LabelFormat> formats = new ArrayList<>();
                    for (LabelFormatExpr.LabelFmt f : lf.formats()) {
                        formats.add(f.rename() ? Formatters.LabelFormat.rename(f.name(), f.value())
                                : Formatters.LabelFormat.template(f.name(),
                                template(templates, f.value(), "invalid label template: ")));
                    }
                    yield Formatters.labelFormat(formats);
                }
                case DropLabelsExpr d -> Formatters.drop(selections(d.labels()));
                case KeepLabelsExpr k -> Formatters.keep(selections(k.labels()));
                case DecolorizeExpr d -> Formatters.decolorize();
            };
        } catch (IllegalArgumentException e) {
            throw new QueryException(QueryException.Kind.BAD_QUERY, e.getMessage(), e);
        }
    }

    private static Formatters.Template template(TemplateCompiler templates, String text, String prefix) {
        try {
            return templates.compile(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + e.getMessage(), e);
        }
    }

    private static List<Formatters.NameOrMatcher> selections(List<LabelSelection> labels) {
        List<Formatters.NameOrMatcher> out = new ArrayList<>();
        for (LabelSelection l : labels) {
            out.add(l.matcher().isPresent() ? Formatters.NameOrMatcher.matcher(l.matcher().get())
                    : Formatters.NameOrMatcher.name(l.name()));
        }
        return out;
    }

    static LineFilter lineFilter(LineFilterExpr lf) {
        List<LineFilter> alternatives = new ArrayList<>();
        for (LineFilterValue v : lf.values()) {
            alternatives.add(switch (lf.type()) {
                case CONTAINS, NOT_CONTAINS -> v.ip() ? LineFilters.ip(v.value()) : LineFilters.contains(v.value());
                case REGEX, NOT_REGEX -> LineFilters.regex(v.value());
                case PATTERN, NOT_PATTERN -> LineFilters.pattern(v.value());
            });
        }
        LineFilter any = LineFilters.or(alternatives);
        return lf.type().negated() ? LineFilters.not(any) : any;
    }

    private static LabelFilters.LabelFilter labelFilter(LabelFilter f) {
        return switch (f) {
            case LabelFilter.StringFilter s -> LabelFilters.matcher(s.matcher());
            case LabelFilter.NumericFilter n -> LabelFilters.number(n.name(), op(n.op()), n.value());
            case LabelFilter.DurationFilter d -> LabelFilters.duration(d.name(), op(d.op()), d.nanos());
            case LabelFilter.BytesFilter b -> LabelFilters.bytes(b.name(), op(b.op()), bytesAsLokiReadsThem(b.bytes()));
            case LabelFilter.IpFilter ip -> LabelFilters.ip(ip.name(), ip.equal(), ip.pattern());
            case LabelFilter.BinaryFilter b -> b.and()
                    ? LabelFilters.and(labelFilter(b.left()), labelFilter(b.right()))
                    : LabelFilters.or(labelFilter(b.left()), labelFilter(b.right()));
        };
    }

    /**
     * The size a bytes label filter compares with in Loki 2.8: its queriers hand the log selector to the ingesters
     * and the store as query text, printed from the parsed query, and a bytes filter prints its value with
     * go-humanize's SI formatting (one decimal, blanks removed) before it is parsed again. So {@code size == 2MiB}
     * really compares with {@code 2.1MB} (2,100,000), and a label of "2MiB" (2,097,152) does not match it.
     */
    static long bytesAsLokiReadsThem(long literal) {
        Units.Parsed p = Units.parseBytes(Units.formatBytesSi(literal).replace(" ", ""));
        return p.ok() ? p.nanosOrBytes() : literal;
    }

    private static LabelFilters.Op op(ComparisonOp op) {
        return switch (op) {
            case EQ -> LabelFilters.Op.EQ;
            case NEQ -> LabelFilters.Op.NEQ;
            case GT -> LabelFilters.Op.GT;
            case GTE -> LabelFilters.Op.GTE;
            case LT -> LabelFilters.Op.LT;
            case LTE -> LabelFilters.Op.LTE;
        };
    }

    private static Stage parser(ParserExpr p, Optional<Set<String>> onlyLabels) {
        List<Parsers.Extraction> ex = new ArrayList<>();
        for (LabelExtraction e : p.extractions()) ex.add(new Parsers.Extraction(e.label(), e.expression()));
        return switch (p.kind()) {
            case JSON -> ex.isEmpty() && onlyLabels.isPresent() ? Parsers.json(onlyLabels.get()) : Parsers.json(ex);
            case LOGFMT -> Parsers.logfmt(p.strict(), p.keepEmpty(), ex);
            case REGEXP -> Parsers.regexp(p.param());
            case PATTERN -> Parsers.pattern(p.param());
            case UNPACK -> Parsers.unpack();
        };
    }
}
