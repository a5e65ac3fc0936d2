package io.norn.logql.syntax;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks Loki runs on pipeline stages, with its error texts. Parser checks ({@code regexp}, {@code pattern})
 * fail at once; the others yield {@code stage '<stage>' : <reason>} errors that the parser reports after
 * the whole query has been parsed and validated.
 */
final class StageValidation {
    private StageValidation() {
    }

    static void regexpParser(String re) throws ParseException {
        Pattern p;
        try {
            p = Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            throw new ParseException("invalid regexp parser: " + e.getMessage());
        }
        if (p.groupCount() == 0 || p.namedGroups().isEmpty()) {
            throw new ParseException("invalid regexp parser: at least one named capture must be supplied");
        }
        for (String name : p.namedGroups().keySet()) {
            if (!validLabelName(name)) {
                throw new ParseException("invalid regexp parser: invalid extracted label name '" + name + "'");
            }
        }
    }

    static void patternParser(String pattern) throws ParseException {
        List<String> nodes = PatternExpression.split(pattern);
        boolean named = false;
        Set<String> seen = new HashSet<>();
        for (String n : nodes) {
            if (PatternExpression.isCapture(n) && !n.equals("<_>")) named = true;
        }
        if (!named) throw new ParseException("invalid pattern parser: at least one capture is required");
        for (int i = 0; i + 1 < nodes.size(); i++) {
            if (PatternExpression.isCapture(nodes.get(i)) && PatternExpression.isCapture(nodes.get(i + 1))) {
                throw new ParseException("invalid pattern parser: found consecutive capture '" + nodes.get(i)
                        + nodes.get(i + 1) + "': invalid expression");
            }
        }
        for (String n : nodes) {
            if (PatternExpression.isCapture(n) && !n.equals("<_>")) {
                String name = n.substring(1, n.length() - 1);
                if (!seen.add(name)) {
                    throw new ParseException("invalid pattern parser: duplicate capture name (" + name + "): invalid expression");
                }
            }
        }
    }

    static Optional<ParseException> lineFilter(LineFilterExpr f) {
        for (LineFilterValue v : f.values()) {
            if (v.ip()) {
                if (f.type() != LineFilterType.CONTAINS && f.type() != LineFilterType.NOT_CONTAINS) {
                    return Optional.of(stageError(f, "ip: invalid operation: only |= and != are supported"));
                }
                if (!IpPatterns.valid(v.value())) {
                    return Optional.of(stageError(f, "ip: invalid pattern: " + io.norn.model.GoQuote.quote(v.value())));
                }
            } else if (f.type() == LineFilterType.REGEX || f.type() == LineFilterType.NOT_REGEX) {
                try {
                    Pattern.compile(v.value());
                } catch (PatternSyntaxException e) {
                    return Optional.of(stageError(f, e.getMessage()));
                }
            }
        }
        return Optional.empty();
    }

    static List<ParseException> labelFilter(LabelFilter f) {
        List<ParseException> out = new ArrayList<>();
        collectIpErrors(f, f, out);
        return out;
    }

    private static void collectIpErrors(LabelFilter root, LabelFilter f, List<ParseException> out) {
        switch (f) {
            case LabelFilter.IpFilter ip -> {
                if (!IpPatterns.valid(ip.pattern())) {
                    out.add(stageError(new LabelFilterStage(root), "ip: invalid pattern: " + io.norn.model.GoQuote.quote(ip.pattern())));
                }
            }
            case LabelFilter.BinaryFilter b -> {
                collectIpErrors(root, b.left(), out);
                collectIpErrors(root, b.right(), out);
            }
            case LabelFilter.StringFilter s -> {
            }
            case LabelFilter.NumericFilter n -> {
            }
            case LabelFilter.DurationFilter d -> {
            }
            case LabelFilter.BytesFilter b -> {
            }
        }
    }

    static Optional<ParseException> labelFormat(LabelFormatExpr e) {
        Set<String> seen = new HashSet<>();
        for (LabelFormatExpr.LabelFmt f : e.formats()) {
            if (!seen.add(f.name())) {
                return Optional.of(stageError(e, "multiple label name '" + f.name() + "' not allowed in a single format operation"));
            }
        }
        return Optional.empty();
    }

    private static ParseException stageError(StageExpr stage, String reason) {
        return new ParseException("stage '" + Printer.stage(stage) + "' : " + reason);
    }

    static boolean validLabelName(String name) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) return false;
        }
        return true;
    }
}
