package io.norn.logql.syntax;

import io.norn.model.GoQuote;
import io.norn.model.LabelMatcher;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Prints an expression in Loki's canonical single-line form (its {@code String()} methods), e.g.
 * {@code sum by (level)(count_over_time({app="x"} |= "err" | json[5m]))}. Parsing the output gives an
 * equal AST. Deviation: byte sizes are printed exactly ({@code 10000B}) where Loki rounds them
 * ({@code 10 kB}), which would not parse back. Thread-safe (stateless).
 */
public final class Printer {
    private Printer() {
    }

    public static String format(Expr e) {
        StringBuilder sb = new StringBuilder();
        expr(sb, e);
        return sb.toString();
    }

    /** One pipeline stage as Loki prints it, e.g. {@code | json} or {@code |= "x"}. */
    public static String stage(StageExpr s) {
        StringBuilder sb = new StringBuilder();
        stage(sb, s);
        return sb.toString();
    }

    /** A label filter as Loki prints it, e.g. {@code ( a="b" , c>1 )}. */
    public static String labelFilter(LabelFilter f) {
        StringBuilder sb = new StringBuilder();
        labelFilter(sb, f);
        return sb.toString();
    }

    private static void expr(StringBuilder sb, Expr e) {
        switch (e) {
            case LogSelectorExpr s -> selector(sb, s);
            case SampleExpr s -> sample(sb, s);
        }
    }

    private static void selector(StringBuilder sb, LogSelectorExpr s) {
        sb.append('{');
        List<LabelMatcher> ms = s.matchers();
        for (int i = 0; i < ms.size(); i++) {
            if (i > 0) sb.append(", ");
            matcher(sb, ms.get(i));
        }
        sb.append('}');
        for (StageExpr st : s.stages()) {
            sb.append(' ');
            stage(sb, st);
        }
    }

    private static void matcher(StringBuilder sb, LabelMatcher m) {
        sb.append(m.name()).append(m.type().symbol());
        GoQuote.appendQuoted(sb, m.value());
    }

    private static void stage(StringBuilder sb, StageExpr s) {
        switch (s) {
            case LineFilterExpr f -> {
                sb.append(f.type().symbol()).append(' ');
                for (int i = 0; i < f.values().size(); i++) {
                    if (i > 0) sb.append(" or ");
                    LineFilterValue v = f.values().get(i);
                    if (v.ip()) {
                        sb.append("ip(");
                        GoQuote.appendQuoted(sb, v.value());
                        sb.append(')');
                    } else {
                        GoQuote.appendQuoted(sb, v.value());
                    }
                }
            }
            case LabelFilterStage l -> {
                sb.append("| ");
                labelFilter(sb, l.filter());
            }
            case ParserExpr p -> parser(sb, p);
            case LineFormatExpr l -> {
                sb.append("| line_format ");
                GoQuote.appendQuoted(sb, l.template());
            }
            case LabelFormatExpr l -> {
                sb.append("| label_format ");
                for (int i = 0; i < l.formats().size(); i++) {
                    if (i > 0) sb.append(',');
                    LabelFormatExpr.LabelFmt f = l.formats().get(i);
                    sb.append(f.name()).append('=');
                    if (f.rename()) {
                        sb.append(f.value());
                    } else {
                        GoQuote.appendQuoted(sb, f.value());
                    }
                }
            }
            case DropLabelsExpr d -> selections(sb, "| drop ", d.labels());
            case KeepLabelsExpr k -> selections(sb, "| keep ", k.labels());
            case DecolorizeExpr d -> sb.append("| decolorize");
        }
    }

    private static void selections(StringBuilder sb, String prefix, List<LabelSelection> labels) {
        sb.append(prefix);
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) sb.append(',');
            LabelSelection l = labels.get(i);
            if (l.matcher().isPresent()) {
                matcher(sb, l.matcher().get());
            } else {
                sb.append(l.name());
            }
        }
    }

    private static void parser(StringBuilder sb, ParserExpr p) {
        sb.append("| ").append(p.kind().keyword());
        switch (p.kind()) {
            case REGEXP, PATTERN -> {
                if (!p.param().isEmpty()) {
                    sb.append(' ');
                    GoQuote.appendQuoted(sb, p.param());
                }
            }
            case LOGFMT, JSON -> {
                if (p.strict()) sb.append(" --strict");
                if (p.keepEmpty()) sb.append(" --keep-empty");
                for (int i = 0; i < p.extractions().size(); i++) {
                    sb.append(i == 0 ? " " : ",");
                    LabelExtraction x = p.extractions().get(i);
                    sb.append(x.label()).append('=');
                    GoQuote.appendQuoted(sb, x.expression());
                }
            }
            case UNPACK -> {
            }
        }
    }

    private static void labelFilter(StringBuilder sb, LabelFilter f) {
        switch (f) {
            case LabelFilter.StringFilter s -> matcher(sb, s.matcher());
            case LabelFilter.NumericFilter n -> sb.append(n.name()).append(n.op().symbol()).append(plain(n.value()));
            case LabelFilter.DurationFilter d -> sb.append(d.name()).append(d.op().symbol()).append(Durations.formatGo(d.nanos()));
            case LabelFilter.BytesFilter b -> sb.append(b.name()).append(b.op().symbol()).append(b.bytes()).append('B');
            case LabelFilter.IpFilter ip -> {
                sb.append(ip.name()).append(ip.equal() ? "=" : "!=").append("ip(");
                GoQuote.appendQuoted(sb, ip.pattern());
                sb.append(')');
            }
            case LabelFilter.BinaryFilter b -> {
                sb.append("( ");
                labelFilter(sb, b.left());
                sb.append(b.and() ? " , " : " or ");
                labelFilter(sb, b.right());
                sb.append(" )");
            }
        }
    }

    private static void sample(StringBuilder sb, SampleExpr e) {
        switch (e) {
            case RangeAggregationExpr r -> {
                sb.append(r.op().keyword()).append('(');
                if (r.param().isPresent()) {
                    String p = String.format(Locale.ROOT, "%f", r.param().getAsDouble());
                    p = stripRight(stripRight(p, '0'), '.');
                    sb.append(p).append(',');
                }
                logRange(sb, r.range());
                sb.append(')');
                r.grouping().ifPresent(g -> grouping(sb, g));
            }
            case VectorAggregationExpr v -> {
                sb.append(v.op().keyword());
                if (!v.grouping().none()) grouping(sb, v.grouping());
                sb.append('(');
                if (v.param().isPresent()) sb.append(v.param().getAsInt()).append(',');
                sample(sb, v.inner());
                sb.append(')');
            }
            case BinaryOpExpr b -> {
                sb.append('(');
                sample(sb, b.lhs());
                sb.append(' ').append(b.op().symbol());
                BinOpModifier m = b.modifier();
                if (m.returnBool()) sb.append(" bool");
                if (m.on() || !m.matchingLabels().isEmpty()) {
                    sb.append(m.on() ? " on (" : " ignoring (").append(String.join(",", m.matchingLabels())).append(") ");
                    switch (m.cardinality()) {
                        case MANY_TO_ONE -> sb.append("group_left");
                        case ONE_TO_MANY -> sb.append("group_right");
                        case ONE_TO_ONE -> {
                        }
                    }
                    if (!m.include().isEmpty()) sb.append(" (").append(String.join(",", m.include())).append(')');
                }
                sb.append(' ');
                sample(sb, b.rhs());
                sb.append(')');
            }
            case LiteralExpr l -> sb.append(goFloat(l.value()));
            case VectorExpr v -> sb.append("vector(").append(String.format(Locale.ROOT, "%f", v.value())).append(')');
            case LabelReplaceExpr l -> {
                sb.append("label_replace(");
                sample(sb, l.inner());
                sb.append(',');
                GoQuote.appendQuoted(sb, l.dst());
                sb.append(',');
                GoQuote.appendQuoted(sb, l.replacement());
                sb.append(',');
                GoQuote.appendQuoted(sb, l.src());
                sb.append(',');
                GoQuote.appendQuoted(sb, l.regex());
                sb.append(')');
            }
        }
    }

    private static void logRange(StringBuilder sb, LogRangeExpr r) {
        selector(sb, r.selector());
        r.unwrap().ifPresent(u -> {
            sb.append(" | unwrap ");
            if (u.conversion() == UnwrapExpr.Conversion.NONE) {
                sb.append(u.label());
            } else {
                sb.append(u.conversion().keyword()).append('(').append(u.label()).append(')');
            }
            for (LabelFilter f : u.postFilters()) {
                sb.append(" | ");
                labelFilter(sb, f);
            }
        });
        sb.append('[').append(Durations.formatPrometheus(r.rangeNanos())).append(']');
        if (r.offsetNanos() != 0) sb.append(" offset ").append(Durations.formatPrometheus(r.offsetNanos()));
    }

    private static void grouping(StringBuilder sb, Grouping g) {
        sb.append(g.without() ? " without (" : " by (").append(String.join(",", g.labels())).append(')');
    }

    private static String stripRight(String s, char c) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == c) end--;
        return s.substring(0, end);
    }

    /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest digits, never an exponent. */
    static String plain(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == 0) return (1 / v < 0) ? "-0" : "0";
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** Go's {@code fmt.Sprint(float64)}: shortest digits, exponent form below 1e-4 and from 1e21. */
    static String goFloat(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == 0) return (1 / v < 0) ? "-0" : "0";
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exp = d.precision() - d.scale() - 1;
        if (exp >= -4 && exp < 21) return d.toPlainString();
        String digits = d.unscaledValue().abs().toString();
        StringBuilder sb = new StringBuilder();
        if (v < 0) sb.append('-');
        sb.append(digits.charAt(0));
        if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
        sb.append('e').append(exp < 0 ? '-' : '+');
        int a = Math.abs(exp);
        if (a < 10) sb.append('0');
        sb.append(a);
        return sb.toString();
    }
}
