package io.norn.logql.syntax;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.norn.model.LabelMatcher;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.norn.logql.syntax.TokenType.*;

/**
 * Recursive-descent parser for Loki's LogQL grammar with one token of look-ahead, as Loki's yacc parser.
 * Errors follow Loki's order: syntax errors and errors Loki raises while building a node come first,
 * then whole-query checks (selectors must select something), then the checks Loki runs when it builds
 * the pipeline (regular expressions and IP patterns of line filters, duplicate label_format targets).
 * Not thread-safe; one per parse.
 */
final class Parser {
    private static final Set<TokenType> LINE_FILTER_OPS = EnumSet.of(PIPE_EXACT, PIPE_MATCH, PIPE_PATTERN, NEQ, NRE, NPA);
    private static final Set<TokenType> RANGE_OPS = EnumSet.of(COUNT_OVER_TIME, RATE, RATE_COUNTER, BYTES_OVER_TIME,
            BYTES_RATE, AVG_OVER_TIME, SUM_OVER_TIME, MIN_OVER_TIME, MAX_OVER_TIME, STDVAR_OVER_TIME, STDDEV_OVER_TIME,
            QUANTILE_OVER_TIME, FIRST_OVER_TIME, LAST_OVER_TIME, ABSENT_OVER_TIME);
    private static final Set<TokenType> VECTOR_OPS = EnumSet.of(SUM, AVG, MAX, MIN, COUNT, STDDEV, STDVAR, BOTTOMK,
            TOPK, SORT, SORT_DESC, APPROX_TOPK);

    private final Lexer lexer;
    private final int maxDepth;
    private final List<ParseException> stageErrors = new ArrayList<>();
    private Token tok;
    private int depth;

    Parser(String input, int maxDepth) {
        this.lexer = new Lexer(input);
        this.maxDepth = maxDepth;
    }

    /** Parses a whole query, running Loki's parse-time validations. */
    Expr parseQuery() throws ParseException {
        advance();
        Expr e = parseExpr(0);
        if (tok.type() != EOF) throw unexpected();
        Validator.validate(e);
        if (!stageErrors.isEmpty()) throw stageErrors.get(0);
        return e;
    }

    // ---- tokens and errors ----

    private void advance() throws ParseException {
        tok = lexer.next();
    }

    private Token expect(TokenType type) throws ParseException {
        if (tok.type() != type) throw unexpected(type);
        Token t = tok;
        advance();
        return t;
    }

    private boolean accept(TokenType type) throws ParseException {
        if (tok.type() != type) return false;
        advance();
        return true;
    }

    /** Loki's (goyacc's) syntax error: the expected tokens are listed only when there are at most four. */
    private ParseException unexpected(TokenType... expected) {
        StringBuilder sb = new StringBuilder("syntax error: unexpected ").append(tok.type().display());
        if (expected.length > 0 && expected.length <= 4) {
            TokenType[] sorted = expected.clone();
            java.util.Arrays.sort(sorted);
            for (int i = 0; i < sorted.length; i++) {
                sb.append(i == 0 ? ", expecting " : " or ").append(sorted[i].display());
            }
        }
        return new ParseException(sb.toString(), tok.line(), tok.col());
    }

    private void enter() throws ParseException {
        if (++depth > maxDepth) {
            throw new ParseException("query is nested too deeply (more than " + maxDepth + " levels)", tok.line(), tok.col());
        }
    }

    private void leave() {
        depth--;
    }

    // ---- expressions ----

    private Expr parseExpr(int minPrec) throws ParseException {
        enter();
        try {
            return parseBinary(parseUnary(), minPrec);
        } finally {
            leave();
        }
    }

    private Expr parseBinary(Expr left, int minPrec) throws ParseException {
        while (true) {
            BinaryOp op = binaryOp(tok.type());
            if (op == null || op.precedence() < minPrec) return left;
            advance();
            BinOpModifier modifier = parseBinOpModifier();
            Expr right = parseExpr(op == BinaryOp.POW ? op.precedence() : op.precedence() + 1);
            left = binaryOpExpr(op, modifier, left, right);
        }
    }

    private static BinaryOp binaryOp(TokenType t) {
        return switch (t) {
            case OR -> BinaryOp.OR;
            case AND -> BinaryOp.AND;
            case UNLESS -> BinaryOp.UNLESS;
            case ADD -> BinaryOp.ADD;
            case SUB -> BinaryOp.SUB;
            case MUL -> BinaryOp.MUL;
            case DIV -> BinaryOp.DIV;
            case MOD -> BinaryOp.MOD;
            case POW -> BinaryOp.POW;
            case CMP_EQ -> BinaryOp.EQ;
            case NEQ -> BinaryOp.NEQ;
            case GT -> BinaryOp.GT;
            case GTE -> BinaryOp.GTE;
            case LT -> BinaryOp.LT;
            case LTE -> BinaryOp.LTE;
            default -> null;
        };
    }

    private BinOpModifier parseBinOpModifier() throws ParseException {
        boolean returnBool = accept(BOOL);
        boolean on = false;
        List<String> matching = List.of();
        BinOpModifier.Cardinality card = BinOpModifier.Cardinality.ONE_TO_ONE;
        List<String> include = List.of();
        if (tok.type() == ON || tok.type() == IGNORING) {
            on = tok.type() == ON;
            advance();
            matching = parseLabelList();
            if (tok.type() == GROUP_LEFT || tok.type() == GROUP_RIGHT) {
                card = tok.type() == GROUP_LEFT ? BinOpModifier.Cardinality.MANY_TO_ONE : BinOpModifier.Cardinality.ONE_TO_MANY;
                advance();
                if (tok.type() == OPEN_PARENTHESIS) include = parseLabelList();
            }
        }
        return new BinOpModifier(returnBool, on, matching, card, include);
    }

    /** {@code ( [label {, label}] )}. */
    private List<String> parseLabelList() throws ParseException {
        expect(OPEN_PARENTHESIS);
        List<String> labels = new ArrayList<>();
        if (accept(CLOSE_PARENTHESIS)) return labels;
        if (tok.type() != IDENTIFIER) throw unexpected(IDENTIFIER, CLOSE_PARENTHESIS);
        labels.add(tok.text());
        advance();
        while (accept(COMMA)) {
            labels.add(expect(IDENTIFIER).text());
        }
        if (tok.type() != CLOSE_PARENTHESIS) throw unexpected(COMMA, CLOSE_PARENTHESIS);
        advance();
        return labels;
    }

    private Expr binaryOpExpr(BinaryOp op, BinOpModifier modifier, Expr lhs, Expr rhs) throws ParseException {
        if (!(lhs instanceof SampleExpr left)) {
            throw new ParseException("unexpected type for left leg of binary operation (" + op.symbol() + "): " + goType(lhs));
        }
        if (!(rhs instanceof SampleExpr right)) {
            throw new ParseException("unexpected type for right leg of binary operation (" + op.symbol() + "): " + goType(rhs));
        }
        if (modifier.returnBool() && !op.comparison()) {
            throw new ParseException("bool modifier can only be used on comparison operators");
        }
        if (op.setOperation()) {
            if (left instanceof LiteralExpr l) {
                throw new ParseException("unexpected literal for left leg of logical/set binary operation (" + op.symbol()
                        + "): " + String.format(java.util.Locale.ROOT, "%f", l.value()));
            }
            if (right instanceof LiteralExpr r) {
                throw new ParseException("unexpected literal for right leg of logical/set binary operation (" + op.symbol()
                        + "): " + String.format(java.util.Locale.ROOT, "%f", r.value()));
            }
        }
        if (left instanceof LiteralExpr l && right instanceof LiteralExpr r) {
            return new LiteralExpr(fold(op, l.value(), r.value()));
        }
        return new BinaryOpExpr(op, left, right, modifier);
    }

    private static String goType(Expr e) {
        if (e instanceof LogSelectorExpr s) return s.hasPipeline() ? "*syntax.PipelineExpr" : "*syntax.MatchersExpr";
        return "*syntax." + e.getClass().getSimpleName();
    }

    /** Folds an operation between two literals; comparisons give 1 or 0. */
    static double fold(BinaryOp op, double l, double r) {
        return switch (op) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL -> l * r;
            case DIV -> l / r;
            case MOD -> l % r;
            case POW -> Math.pow(l, r);
            case EQ, NEQ, GT, GTE, LT, LTE -> comparison(op).test(l, r) ? 1 : 0;
            case OR, AND, UNLESS -> throw new IllegalArgumentException("set operation on literals: " + op);
        };
    }

    private static ComparisonOp comparison(BinaryOp op) {
        return switch (op) {
            case EQ -> ComparisonOp.EQ;
            case NEQ -> ComparisonOp.NEQ;
            case GT -> ComparisonOp.GT;
            case GTE -> ComparisonOp.GTE;
            case LT -> ComparisonOp.LT;
            case LTE -> ComparisonOp.LTE;
            default -> throw new IllegalArgumentException("not a comparison: " + op);
        };
    }

    private Expr parseUnary() throws ParseException {
        TokenType t = tok.type();
        if (t == OPEN_BRACE) return parseLogExpr();
        if (t == OPEN_PARENTHESIS) {
            advance();
            Expr inner = parseExpr(0);
            if (tok.type() != CLOSE_PARENTHESIS) throw unexpected();
            advance();
            return inner;
        }
        if (t == NUMBER || t == ADD || t == SUB) return parseLiteral();
        if (RANGE_OPS.contains(t)) return parseRangeAggregation();
        if (VECTOR_OPS.contains(t)) return parseVectorAggregation();
        if (t == LABEL_REPLACE) return parseLabelReplace();
        if (t == VECTOR) {
            advance();
            expect(OPEN_PARENTHESIS);
            Token n = expect(NUMBER);
            expect(CLOSE_PARENTHESIS);
            return new VectorExpr(parseFloat(n.text(), "unable to parse vectorExpr as a float: "));
        }
        throw unexpected();
    }

    private LiteralExpr parseLiteral() throws ParseException {
        boolean negate = false;
        if (tok.type() == ADD || tok.type() == SUB) {
            negate = tok.type() == SUB;
            advance();
            if (tok.type() != NUMBER) throw unexpected(NUMBER);
        }
        double v = parseFloat(tok.text(), "unable to parse literal as a float: ");
        advance();
        return new LiteralExpr(negate ? -v : v);
    }

    /** Go's {@code strconv.ParseFloat} on a number token. */
    static double parseFloat(String text, String errorPrefix) throws ParseException {
        if (text.indexOf('_') < 0 && !text.startsWith("0x") && !text.startsWith("0X")) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                // falls through to Loki's error text
            }
        }
        throw new ParseException(errorPrefix + "strconv.ParseFloat: parsing " + io.norn.model.GoQuote.quote(text) + ": invalid syntax");
    }

    /** A sub-expression that must be a metric expression (the argument of an aggregation or function). */
    private SampleExpr parseSampleExpr() throws ParseException {
        Expr e = parseExpr(0);
        if (e instanceof SampleExpr s) return s;
        throw unexpected();
    }

    // ---- metric expressions ----

    private SampleExpr parseRangeAggregation() throws ParseException {
        RangeOp op = rangeOp(tok.type());
        advance();
        expect(OPEN_PARENTHESIS);
        String param = null;
        if (tok.type() == NUMBER) {
            param = tok.text();
            advance();
            expect(COMMA);
        }
        LogRangeExpr range = parseLogRange();
        expect(CLOSE_PARENTHESIS);
        Optional<Grouping> grouping = Optional.empty();
        if (tok.type() == BY || tok.type() == WITHOUT) grouping = Optional.of(parseGrouping());
        return RangeValidation.rangeAggregation(op, range, param, grouping);
    }

    private static RangeOp rangeOp(TokenType t) {
        return switch (t) {
            case COUNT_OVER_TIME -> RangeOp.COUNT_OVER_TIME;
            case RATE -> RangeOp.RATE;
            case RATE_COUNTER -> RangeOp.RATE_COUNTER;
            case BYTES_OVER_TIME -> RangeOp.BYTES_OVER_TIME;
            case BYTES_RATE -> RangeOp.BYTES_RATE;
            case AVG_OVER_TIME -> RangeOp.AVG_OVER_TIME;
            case SUM_OVER_TIME -> RangeOp.SUM_OVER_TIME;
            case MIN_OVER_TIME -> RangeOp.MIN_OVER_TIME;
            case MAX_OVER_TIME -> RangeOp.MAX_OVER_TIME;
            case STDVAR_OVER_TIME -> RangeOp.STDVAR_OVER_TIME;
            case STDDEV_OVER_TIME -> RangeOp.STDDEV_OVER_TIME;
            case QUANTILE_OVER_TIME -> RangeOp.QUANTILE_OVER_TIME;
            case FIRST_OVER_TIME -> RangeOp.FIRST_OVER_TIME;
            case LAST_OVER_TIME -> RangeOp.LAST_OVER_TIME;
            case ABSENT_OVER_TIME -> RangeOp.ABSENT_OVER_TIME;
            default -> throw new IllegalArgumentException("not a range operation: " + t);
        };
    }

    private static VectorOp vectorOp(TokenType t) {
        return switch (t) {
            case SUM -> VectorOp.SUM;
            case AVG -> VectorOp.AVG;
            case MAX -> VectorOp.MAX;
            case MIN -> VectorOp.MIN;
            case COUNT -> VectorOp.COUNT;
            case STDDEV -> VectorOp.STDDEV;
            case STDVAR -> VectorOp.STDVAR;
            case BOTTOMK -> VectorOp.BOTTOMK;
            case TOPK -> VectorOp.TOPK;
            case SORT -> VectorOp.SORT;
            case SORT_DESC -> VectorOp.SORT_DESC;
            case APPROX_TOPK -> VectorOp.APPROX_TOPK;
            default -> throw new IllegalArgumentException("not a vector operation: " + t);
        };
    }

    /**
     * The argument of a range aggregation. Loki accepts the range before or after the pipeline
     * ({@code {a="b"} | json [5m]} and {@code {a="b"}[5m] | json}), an optional offset right after the
     * range, an unwrap at the end of the pipeline, and parentheses around the selector and pipeline.
     */
    private LogRangeExpr parseLogRange() throws ParseException {
        enter();
        try {
            if (tok.type() == OPEN_PARENTHESIS) {
                advance();
                if (tok.type() == OPEN_PARENTHESIS) {
                    LogRangeExpr inner = parseLogRange();
                    expect(CLOSE_PARENTHESIS);
                    return inner;
                }
                List<LabelMatcher> matchers = parseSelector();
                Pipeline p = parsePipeline(true);
                if (tok.type() == RANGE) {
                    LogRangeExpr r = finishLogRange(matchers, p);
                    expect(CLOSE_PARENTHESIS);
                    return r;
                }
                if (tok.type() != CLOSE_PARENTHESIS) throw unexpected();
                advance();
                if (tok.type() != RANGE) throw unexpected(RANGE);
                long range = tok.value();
                advance();
                long offset = parseOffset();
                return new LogRangeExpr(new LogSelectorExpr(matchers, p.stages()), range, offset, p.unwrap());
            }
            if (tok.type() != OPEN_BRACE) throw unexpected(OPEN_BRACE, OPEN_PARENTHESIS);
            List<LabelMatcher> matchers = parseSelector();
            Pipeline p = parsePipeline(true);
            if (tok.type() != RANGE) throw unexpected();
            return finishLogRange(matchers, p);
        } finally {
            leave();
        }
    }

    private LogRangeExpr finishLogRange(List<LabelMatcher> matchers, Pipeline before) throws ParseException {
        long range = tok.value();
        advance();
        long offset = parseOffset();
        Pipeline p = before;
        if (before.stages().isEmpty() && before.unwrap().isEmpty()) {
            p = parsePipeline(true);
        }
        return new LogRangeExpr(new LogSelectorExpr(matchers, p.stages()), range, offset, p.unwrap());
    }

    private long parseOffset() throws ParseException {
        if (!accept(OFFSET)) return 0;
        return expect(DURATION).value();
    }

    private Grouping parseGrouping() throws ParseException {
        boolean without = tok.type() == WITHOUT;
        advance();
        return new Grouping(without, parseLabelList());
    }

    private SampleExpr parseVectorAggregation() throws ParseException {
        VectorOp op = vectorOp(tok.type());
        advance();
        Grouping grouping = null;
        if (tok.type() == BY || tok.type() == WITHOUT) grouping = parseGrouping();
        expect(OPEN_PARENTHESIS);
        String param = null;
        SampleExpr inner;
        enter();
        try {
            if (tok.type() == NUMBER) {
                Token n = tok;
                advance();
                if (accept(COMMA)) {
                    param = n.text();
                    inner = parseSampleExpr();
                } else {
                    Expr e = parseBinary(new LiteralExpr(parseFloat(n.text(), "unable to parse literal as a float: ")), 0);
                    if (!(e instanceof SampleExpr s)) throw unexpected();
                    inner = s;
                }
            } else {
                inner = parseSampleExpr();
            }
        } finally {
            leave();
        }
        if (tok.type() != CLOSE_PARENTHESIS) throw unexpected();
        advance();
        if (grouping == null && (tok.type() == BY || tok.type() == WITHOUT)) grouping = parseGrouping();
        return RangeValidation.vectorAggregation(op, inner, grouping == null ? Grouping.NONE : grouping, param);
    }

    private SampleExpr parseLabelReplace() throws ParseException {
        advance();
        expect(OPEN_PARENTHESIS);
        enter();
        SampleExpr inner;
        try {
            inner = parseSampleExpr();
        } finally {
            leave();
        }
        expect(COMMA);
        String dst = expect(STRING).text();
        expect(COMMA);
        String replacement = expect(STRING).text();
        expect(COMMA);
        String src = expect(STRING).text();
        expect(COMMA);
        String regex = expect(STRING).text();
        expect(CLOSE_PARENTHESIS);
        try {
            Pattern.compile("^(?:" + regex + ")$");
        } catch (PatternSyntaxException e) {
            throw new ParseException("invalid regex in label_replace: " + e.getMessage());
        }
        return new LabelReplaceExpr(inner, dst, replacement, src, regex);
    }

    // ---- log expressions ----

    private LogSelectorExpr parseLogExpr() throws ParseException {
        List<LabelMatcher> matchers = parseSelector();
        Pipeline p = parsePipeline(false);
        return new LogSelectorExpr(matchers, p.stages());
    }

    private List<LabelMatcher> parseSelector() throws ParseException {
        expect(OPEN_BRACE);
        List<LabelMatcher> matchers = new ArrayList<>();
        if (accept(CLOSE_BRACE)) return matchers;
        if (tok.type() != IDENTIFIER) throw unexpected(IDENTIFIER, CLOSE_BRACE);
        matchers.add(parseMatcher());
        while (true) {
            if (accept(CLOSE_BRACE)) return matchers;
            if (tok.type() != COMMA) throw unexpected(CLOSE_BRACE, COMMA);
            advance();
            if (tok.type() != IDENTIFIER) throw unexpected(IDENTIFIER);
            matchers.add(parseMatcher());
        }
    }

    /** {@code name op "value"} where the current token is the name. */
    private LabelMatcher parseMatcher() throws ParseException {
        String name = expect(IDENTIFIER).text();
        LabelMatcher.Type type = matcherType(tok.type());
        if (type == null) throw unexpected(EQ, RE, NRE, NEQ);
        advance();
        return matcher(type, name, expect(STRING).text());
    }

    private static LabelMatcher.Type matcherType(TokenType t) {
        return switch (t) {
            case EQ -> LabelMatcher.Type.EQ;
            case NEQ -> LabelMatcher.Type.NEQ;
            case RE -> LabelMatcher.Type.RE;
            case NRE -> LabelMatcher.Type.NRE;
            default -> null;
        };
    }

    private static LabelMatcher matcher(LabelMatcher.Type type, String name, String value) throws ParseException {
        try {
            return LabelMatcher.of(type, name, value);
        } catch (PatternSyntaxException e) {
            throw new ParseException(e.getMessage());
        }
    }

    record Pipeline(List<StageExpr> stages, Optional<UnwrapExpr> unwrap) {
    }

    private Pipeline parsePipeline(boolean allowUnwrap) throws ParseException {
        List<StageExpr> stages = new ArrayList<>();
        while (true) {
            if (LINE_FILTER_OPS.contains(tok.type())) {
                parseLineFilter(stages);
                continue;
            }
            if (tok.type() != PIPE) return new Pipeline(stages, Optional.empty());
            advance();
            switch (tok.type()) {
                case LOGFMT -> stages.add(parseLogfmt());
                case JSON -> {
                    advance();
                    stages.add(new ParserExpr(ParserExpr.Kind.JSON, "",
                            tok.type() == IDENTIFIER ? parseExtractions() : List.of(), false, false));
                }
                case REGEXP -> {
                    advance();
                    String re = expect(STRING).text();
                    StageValidation.regexpParser(re);
                    stages.add(new ParserExpr(ParserExpr.Kind.REGEXP, re, List.of(), false, false));
                }
                case PATTERN -> {
                    advance();
                    String pattern = expect(STRING).text();
                    StageValidation.patternParser(pattern);
                    stages.add(new ParserExpr(ParserExpr.Kind.PATTERN, pattern, List.of(), false, false));
                }
                case UNPACK -> {
                    advance();
                    stages.add(ParserExpr.of(ParserExpr.Kind.UNPACK));
                }
                case LINE_FMT -> {
                    advance();
                    stages.add(new LineFormatExpr(expect(STRING).text()));
                }
                case LABEL_FMT -> stages.add(parseLabelFormat());
                case DECOLORIZE -> {
                    advance();
                    stages.add(new DecolorizeExpr());
                }
                case DROP -> {
                    advance();
                    stages.add(new DropLabelsExpr(parseLabelSelections()));
                }
                case KEEP -> {
                    advance();
                    stages.add(new KeepLabelsExpr(parseLabelSelections()));
                }
                case IDENTIFIER, OPEN_PARENTHESIS -> {
                    LabelFilter f = parseLabelFilter(0);
                    stageErrors.addAll(StageValidation.labelFilter(f));
                    stages.add(new LabelFilterStage(f));
                }
                case UNWRAP -> {
                    if (!allowUnwrap) throw unexpected();
                    return new Pipeline(stages, Optional.of(parseUnwrap()));
                }
                default -> throw unexpected();
            }
        }
    }

    private void parseLineFilter(List<StageExpr> stages) throws ParseException {
        LineFilterType type = switch (tok.type()) {
            case PIPE_EXACT -> LineFilterType.CONTAINS;
            case NEQ -> LineFilterType.NOT_CONTAINS;
            case PIPE_MATCH -> LineFilterType.REGEX;
            case NRE -> LineFilterType.NOT_REGEX;
            case PIPE_PATTERN -> LineFilterType.PATTERN;
            case NPA -> LineFilterType.NOT_PATTERN;
            default -> throw new IllegalStateException("not a line filter: " + tok.type());
        };
        advance();
        List<LineFilterValue> values = new ArrayList<>();
        values.add(parseLineFilterValue());
        while (accept(OR)) {
            values.add(parseLineFilterValue());
        }
        if (type.negated()) {
            for (LineFilterValue v : values) add(stages, new LineFilterExpr(type, List.of(v)));
        } else {
            add(stages, new LineFilterExpr(type, values));
        }
    }

    private void add(List<StageExpr> stages, LineFilterExpr f) {
        StageValidation.lineFilter(f).ifPresent(stageErrors::add);
        stages.add(f);
    }

    private LineFilterValue parseLineFilterValue() throws ParseException {
        if (tok.type() == STRING) {
            String v = tok.text();
            advance();
            return LineFilterValue.of(v);
        }
        if (tok.type() == IP) {
            advance();
            expect(OPEN_PARENTHESIS);
            String v = expect(STRING).text();
            expect(CLOSE_PARENTHESIS);
            return new LineFilterValue(v, true);
        }
        throw unexpected(STRING, IP);
    }

    private ParserExpr parseLogfmt() throws ParseException {
        advance();
        boolean strict = false;
        boolean keepEmpty = false;
        while (tok.type() == PARSER_FLAG) {
            if (tok.text().equals("--strict")) strict = true;
            else keepEmpty = true;
            advance();
        }
        List<LabelExtraction> extractions = tok.type() == IDENTIFIER ? parseExtractions() : List.of();
        return new ParserExpr(ParserExpr.Kind.LOGFMT, "", extractions, strict, keepEmpty);
    }

    private List<LabelExtraction> parseExtractions() throws ParseException {
        List<LabelExtraction> out = new ArrayList<>();
        do {
            String label = expect(IDENTIFIER).text();
            if (accept(EQ)) {
                out.add(new LabelExtraction(label, expect(STRING).text()));
            } else {
                out.add(new LabelExtraction(label, label));
            }
        } while (accept(COMMA));
        return out;
    }

    private LabelFormatExpr parseLabelFormat() throws ParseException {
        advance();
        List<LabelFormatExpr.LabelFmt> formats = new ArrayList<>();
        do {
            String name = expect(IDENTIFIER).text();
            expect(EQ);
            if (tok.type() == IDENTIFIER) {
                formats.add(new LabelFormatExpr.LabelFmt(name, tok.text(), true));
            } else if (tok.type() == STRING) {
                formats.add(new LabelFormatExpr.LabelFmt(name, tok.text(), false));
            } else {
                throw unexpected(IDENTIFIER, STRING);
            }
            advance();
        } while (accept(COMMA));
        LabelFormatExpr e = new LabelFormatExpr(formats);
        StageValidation.labelFormat(e).ifPresent(stageErrors::add);
        return e;
    }

    private List<LabelSelection> parseLabelSelections() throws ParseException {
        List<LabelSelection> out = new ArrayList<>();
        do {
            String name = expect(IDENTIFIER).text();
            LabelMatcher.Type type = matcherType(tok.type());
            if (type == null) {
                out.add(LabelSelection.name(name));
            } else {
                advance();
                out.add(LabelSelection.matching(matcher(type, name, expect(STRING).text())));
            }
        } while (accept(COMMA));
        return out;
    }

    private UnwrapExpr parseUnwrap() throws ParseException {
        advance();
        UnwrapExpr.Conversion conversion = switch (tok.type()) {
            case BYTES_CONV -> UnwrapExpr.Conversion.BYTES;
            case DURATION_CONV -> UnwrapExpr.Conversion.DURATION;
            case DURATION_SECONDS_CONV -> UnwrapExpr.Conversion.DURATION_SECONDS;
            case IDENTIFIER -> UnwrapExpr.Conversion.NONE;
            default -> throw unexpected();
        };
        String label;
        if (conversion == UnwrapExpr.Conversion.NONE) {
            label = tok.text();
            advance();
        } else {
            advance();
            expect(OPEN_PARENTHESIS);
            label = expect(IDENTIFIER).text();
            expect(CLOSE_PARENTHESIS);
        }
        List<LabelFilter> post = new ArrayList<>();
        while (accept(PIPE)) {
            if (tok.type() != IDENTIFIER && tok.type() != OPEN_PARENTHESIS) throw unexpected(IDENTIFIER, OPEN_PARENTHESIS);
            LabelFilter f = parseLabelFilter(0);
            stageErrors.addAll(StageValidation.labelFilter(f));
            post.add(f);
        }
        return new UnwrapExpr(label, conversion, post);
    }

    // ---- label filters ----

    /**
     * Label filter expressions with yacc's resolution of the grammar's conflicts: {@code and} binds tighter
     * than {@code or}, both left-associative, while {@code ,} and juxtaposition (both meaning "and") take
     * everything to their right.
     */
    private LabelFilter parseLabelFilter(int minPrec) throws ParseException {
        enter();
        try {
            LabelFilter left = parseLabelFilterPrimary();
            while (true) {
                TokenType t = tok.type();
                if (t == COMMA || t == IDENTIFIER || t == OPEN_PARENTHESIS) {
                    accept(COMMA);
                    left = new LabelFilter.BinaryFilter(true, left, parseLabelFilter(0));
                } else if (t == AND && minPrec <= 2) {
                    advance();
                    left = new LabelFilter.BinaryFilter(true, left, parseLabelFilter(3));
                } else if (t == OR && minPrec <= 1) {
                    advance();
                    left = new LabelFilter.BinaryFilter(false, left, parseLabelFilter(2));
                } else {
                    return left;
                }
            }
        } finally {
            leave();
        }
    }

    private LabelFilter parseLabelFilterPrimary() throws ParseException {
        if (accept(OPEN_PARENTHESIS)) {
            LabelFilter inner = parseLabelFilter(0);
            if (tok.type() != CLOSE_PARENTHESIS) throw unexpected();
            advance();
            return inner;
        }
        if (tok.type() != IDENTIFIER) throw unexpected(IDENTIFIER, OPEN_PARENTHESIS);
        String name = tok.text();
        advance();
        TokenType opTok = tok.type();
        ComparisonOp op = switch (opTok) {
            case EQ, CMP_EQ -> ComparisonOp.EQ;
            case NEQ -> ComparisonOp.NEQ;
            case GT -> ComparisonOp.GT;
            case GTE -> ComparisonOp.GTE;
            case LT -> ComparisonOp.LT;
            case LTE -> ComparisonOp.LTE;
            case RE, NRE -> null;
            default -> throw unexpected();
        };
        advance();
        TokenType v = tok.type();
        if (opTok == EQ || opTok == NEQ || opTok == RE || opTok == NRE) {
            if (v == STRING) {
                LabelMatcher.Type type = matcherType(opTok);
                String value = tok.text();
                advance();
                return new LabelFilter.StringFilter(matcher(type, name, value));
            }
            if (opTok == RE || opTok == NRE) throw unexpected(STRING);
            if (v == IP) {
                advance();
                expect(OPEN_PARENTHESIS);
                String pattern = expect(STRING).text();
                expect(CLOSE_PARENTHESIS);
                return new LabelFilter.IpFilter(name, opTok == EQ, pattern);
            }
        }
        if (v == DURATION) {
            long nanos = tok.value();
            advance();
            return new LabelFilter.DurationFilter(name, op, nanos);
        }
        if (v == BYTES) {
            long bytes = tok.value();
            advance();
            return new LabelFilter.BytesFilter(name, op, bytes);
        }
        if (v == NUMBER || v == ADD || v == SUB) {
            return new LabelFilter.NumericFilter(name, op, parseLiteral().value());
        }
        throw unexpected();
    }
}
