package io.norn.logql.syntax;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

import static java.util.Map.entry;

/**
 * Splits a LogQL query into tokens the way Loki's lexer does: keywords are case-insensitive, function
 * names are keywords only when an opening parenthesis (possibly after {@code by (...)}/{@code without (...)})
 * follows, numbers directly followed by a unit become durations or byte sizes, and {@code [..]} is one
 * range token. Errors are raised as {@link ParseException} at the position of the offending token.
 * Not thread-safe; one per parse.
 */
final class Lexer {
    private static final Map<String, TokenType> KEYWORDS = Map.ofEntries(
            entry("by", TokenType.BY), entry("without", TokenType.WITHOUT), entry("bool", TokenType.BOOL),
            entry("label_replace", TokenType.LABEL_REPLACE), entry("offset", TokenType.OFFSET),
            entry("on", TokenType.ON), entry("ignoring", TokenType.IGNORING),
            entry("group_left", TokenType.GROUP_LEFT), entry("group_right", TokenType.GROUP_RIGHT),
            entry("or", TokenType.OR), entry("and", TokenType.AND), entry("unless", TokenType.UNLESS),
            entry("json", TokenType.JSON), entry("regexp", TokenType.REGEXP), entry("logfmt", TokenType.LOGFMT),
            entry("unpack", TokenType.UNPACK), entry("pattern", TokenType.PATTERN),
            entry("label_format", TokenType.LABEL_FMT), entry("line_format", TokenType.LINE_FMT),
            entry("ip", TokenType.IP), entry("decolorize", TokenType.DECOLORIZE), entry("drop", TokenType.DROP),
            entry("keep", TokenType.KEEP), entry("unwrap", TokenType.UNWRAP), entry("variants", TokenType.VARIANTS),
            entry("of", TokenType.OF));

    private static final Map<String, TokenType> FUNCTIONS = Map.ofEntries(
            entry("rate", TokenType.RATE), entry("rate_counter", TokenType.RATE_COUNTER),
            entry("count_over_time", TokenType.COUNT_OVER_TIME), entry("bytes_rate", TokenType.BYTES_RATE),
            entry("bytes_over_time", TokenType.BYTES_OVER_TIME), entry("avg_over_time", TokenType.AVG_OVER_TIME),
            entry("sum_over_time", TokenType.SUM_OVER_TIME), entry("min_over_time", TokenType.MIN_OVER_TIME),
            entry("max_over_time", TokenType.MAX_OVER_TIME), entry("stdvar_over_time", TokenType.STDVAR_OVER_TIME),
            entry("stddev_over_time", TokenType.STDDEV_OVER_TIME),
            entry("quantile_over_time", TokenType.QUANTILE_OVER_TIME),
            entry("first_over_time", TokenType.FIRST_OVER_TIME), entry("last_over_time", TokenType.LAST_OVER_TIME),
            entry("absent_over_time", TokenType.ABSENT_OVER_TIME), entry("vector", TokenType.VECTOR),
            entry("sum", TokenType.SUM), entry("avg", TokenType.AVG), entry("max", TokenType.MAX),
            entry("min", TokenType.MIN), entry("count", TokenType.COUNT), entry("stddev", TokenType.STDDEV),
            entry("stdvar", TokenType.STDVAR), entry("bottomk", TokenType.BOTTOMK), entry("topk", TokenType.TOPK),
            entry("sort", TokenType.SORT), entry("sort_desc", TokenType.SORT_DESC),
            entry("label_replace", TokenType.LABEL_REPLACE), entry("approx_topk", TokenType.APPROX_TOPK),
            entry("bytes", TokenType.BYTES_CONV), entry("duration", TokenType.DURATION_CONV),
            entry("duration_seconds", TokenType.DURATION_SECONDS_CONV), entry("ip", TokenType.IP));

    private static final Map<String, TokenType> OPERATORS = Map.ofEntries(
            entry("!=", TokenType.NEQ), entry("=~", TokenType.RE), entry("!~", TokenType.NRE),
            entry("!>", TokenType.NPA), entry("|=", TokenType.PIPE_EXACT), entry("|~", TokenType.PIPE_MATCH),
            entry("|>", TokenType.PIPE_PATTERN), entry("==", TokenType.CMP_EQ), entry(">=", TokenType.GTE),
            entry("<=", TokenType.LTE),
            entry(",", TokenType.COMMA), entry(".", TokenType.DOT), entry("{", TokenType.OPEN_BRACE),
            entry("}", TokenType.CLOSE_BRACE), entry("=", TokenType.EQ), entry("|", TokenType.PIPE),
            entry("(", TokenType.OPEN_PARENTHESIS), entry(")", TokenType.CLOSE_PARENTHESIS),
            entry("]", TokenType.CLOSE_BRACKET), entry("+", TokenType.ADD), entry("-", TokenType.SUB),
            entry("*", TokenType.MUL), entry("/", TokenType.DIV), entry("%", TokenType.MOD),
            entry("^", TokenType.POW), entry(">", TokenType.GT), entry("<", TokenType.LT));

    private final String in;
    private final int[] lines;
    private final int[] cols;
    private int pos;

    Lexer(String input) {
        this.in = input;
        int n = input.length();
        this.lines = new int[n + 1];
        this.cols = new int[n + 1];
        int line = 1;
        int col = 1;
        for (int i = 0; i < n; i++) {
            lines[i] = line;
            cols[i] = col;
            char c = input.charAt(i);
            if (c == '\n') {
                line++;
                col = 1;
            } else if (!Character.isHighSurrogate(c) || i + 1 >= n || !Character.isLowSurrogate(input.charAt(i + 1))) {
                col++;
            }
        }
        if (n > 0 && input.charAt(n - 1) == '\n') {
            lines[n] = lines[n - 1];
            cols[n] = cols[n - 1];
        } else {
            lines[n] = line;
            cols[n] = col;
        }
    }

    ParseException error(String detail, int offset) {
        return new ParseException(detail, lines[offset], cols[offset]);
    }

    Token next() throws ParseException {
        skipSpaceAndComments();
        int start = pos;
        if (pos >= in.length()) return token(TokenType.EOF, "", 0, start);
        char c = in.charAt(pos);
        if (Durations.isAsciiDigit(c) || (c == '.' && pos + 1 < in.length() && Durations.isAsciiDigit(in.charAt(pos + 1)))) {
            return number(start);
        }
        if (c == '"') return quoted(start);
        if (c == '`') return raw(start);
        if (c == '[') return range(start);
        if (c == '_' || Character.isLetter(c)) return word(start);
        if (c == '-') {
            if (pos + 1 < in.length() && in.charAt(pos + 1) == '-') {
                int end = pos + 2;
                while (end < in.length() && (Character.isLetter(in.charAt(end)) || in.charAt(end) == '-')) end++;
                String flag = in.substring(pos, end);
                if (flag.equals("--strict") || flag.equals("--keep-empty")) {
                    pos = end;
                    return token(TokenType.PARSER_FLAG, flag, 0, start);
                }
            }
            pos++;
            Token d = tryDuration("-", start);
            if (d != null) return d;
            return token(TokenType.SUB, "-", 0, start);
        }
        int cp = in.codePointAt(pos);
        pos += Character.charCount(cp);
        if (pos < in.length()) {
            String two = in.substring(start, pos + 1);
            TokenType t = OPERATORS.get(two);
            if (t != null && two.length() == 2) {
                pos++;
                return token(t, two, 0, start);
            }
        }
        String one = in.substring(start, pos);
        TokenType t = OPERATORS.get(one);
        if (t != null) return token(t, one, 0, start);
        return token(TokenType.IDENTIFIER, one, 0, start);
    }

    private Token token(TokenType type, String text, long value, int offset) {
        return new Token(type, text, value, lines[offset], cols[offset]);
    }

    private void skipSpaceAndComments() {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else if (c == '#') {
                while (pos < in.length() && in.charAt(pos) != '\n') pos++;
            } else {
                return;
            }
        }
    }

    private Token number(int start) throws ParseException {
        if (in.charAt(pos) == '0' && pos + 1 < in.length() && (in.charAt(pos + 1) == 'x' || in.charAt(pos + 1) == 'X')) {
            pos += 2;
            while (pos < in.length() && (Character.digit(in.charAt(pos), 16) >= 0 || in.charAt(pos) == '_')) pos++;
        } else {
            while (pos < in.length() && (Durations.isAsciiDigit(in.charAt(pos)) || in.charAt(pos) == '_')) pos++;
            if (pos < in.length() && in.charAt(pos) == '.') {
                pos++;
                while (pos < in.length() && (Durations.isAsciiDigit(in.charAt(pos)) || in.charAt(pos) == '_')) pos++;
            }
            if (pos < in.length() && (in.charAt(pos) == 'e' || in.charAt(pos) == 'E')) {
                int save = pos;
                pos++;
                if (pos < in.length() && (in.charAt(pos) == '+' || in.charAt(pos) == '-')) pos++;
                int ds = pos;
                while (pos < in.length() && Durations.isAsciiDigit(in.charAt(pos))) pos++;
                if (pos == ds) {
                    throw error("exponent has no digits", start);
                }
                if (save == pos) pos = save;
            }
        }
        String text = in.substring(start, pos);
        Token d = tryDuration(text, start);
        if (d != null) return d;
        Token b = tryBytes(text, start);
        if (b != null) return b;
        return token(TokenType.NUMBER, text, 0, start);
    }

    private Token tryDuration(String prefix, int start) {
        int end = pos;
        while (end < in.length()) {
            char c = in.charAt(end);
            if (!(Character.isDigit(c) || c == '.' || isDurationRune(c))) break;
            end++;
        }
        if (end == pos) return null;
        OptionalLong d = Durations.parseLogQL(prefix + in.substring(pos, end));
        if (d.isEmpty()) return null;
        String text = in.substring(start, end);
        pos = end;
        return token(TokenType.DURATION, text, d.getAsLong(), start);
    }

    private static boolean isDurationRune(char c) {
        return switch (c) {
            case 'n', 'u', '\u00b5', 'm', 's', 'h', 'd', 'w', 'y' -> true;
            default -> false;
        };
    }

    private Token tryBytes(String prefix, int start) {
        int end = pos;
        while (end < in.length()) {
            char c = in.charAt(end);
            boolean unit = switch (c) {
                case 'B', 'i', 'k', 'K', 'M', 'G', 'T', 'P' -> true;
                default -> false;
            };
            if (!(Character.isDigit(c) || c == '.' || unit)) break;
            end++;
        }
        if (end == pos) return null;
        OptionalLong b = Durations.parseBytes(prefix + in.substring(pos, end));
        if (b.isEmpty()) return null;
        String text = in.substring(start, end);
        pos = end;
        return token(TokenType.BYTES, text, b.getAsLong(), start);
    }

    private Token range(int start) throws ParseException {
        int close = in.indexOf(']', pos + 1);
        if (close < 0) {
            throw error("missing closing ']' in duration", start);
        }
        String body = in.substring(pos + 1, close);
        long nanos;
        try {
            nanos = Durations.parsePrometheus(body);
        } catch (Durations.DurationException e) {
            throw error(e.getMessage(), start);
        }
        pos = close + 1;
        return token(TokenType.RANGE, in.substring(start, pos), nanos, start);
    }

    private Token word(int start) {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == '_' || Character.isLetterOrDigit(c)) {
                pos++;
            } else {
                break;
            }
        }
        String text = in.substring(start, pos);
        String lower = text.toLowerCase(Locale.ROOT);
        TokenType fn = FUNCTIONS.get(lower);
        if (fn != null) {
            return token(isFunction() ? fn : TokenType.IDENTIFIER, text.intern(), 0, start);
        }
        TokenType kw = KEYWORDS.get(lower);
        if (kw != null) return token(kw, text, 0, start);
        // interned: label names from the query then compare by identity with those the parsers produce
        return token(TokenType.IDENTIFIER, text.intern(), 0, start);
    }

    /** True when the word just read is followed by {@code (}, or by {@code by (} / {@code without (}. */
    private boolean isFunction() {
        int p = skipSpace(pos);
        if (p >= in.length()) return false;
        if (in.charAt(p) == '(') return true;
        for (String g : new String[]{"by", "without"}) {
            if (in.regionMatches(true, p, g, 0, g.length())) {
                int q = skipSpace(p + g.length());
                return q < in.length() && in.charAt(q) == '(';
            }
        }
        return false;
    }

    private int skipSpace(int p) {
        while (p < in.length() && Character.isWhitespace(in.charAt(p))) p++;
        return p;
    }

    private Token raw(int start) throws ParseException {
        int close = in.indexOf('`', pos + 1);
        if (close < 0) {
            throw error("literal not terminated", start);
        }
        pos = close + 1;
        return token(TokenType.STRING, in.substring(start + 1, close), 0, start);
    }

    private Token quoted(int start) throws ParseException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = pos + 1;
        while (true) {
            if (i >= in.length() || in.charAt(i) == '\n') {
                throw error("literal not terminated", start);
            }
            char c = in.charAt(i);
            if (c == '"') break;
            if (c != '\\') {
                int cp = in.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp);
                continue;
            }
            i++;
            if (i >= in.length()) throw error("literal not terminated", start);
            char e = in.charAt(i++);
            switch (e) {
                case 'a' -> out.write(7);
                case 'b' -> out.write(8);
                case 'f' -> out.write(12);
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(11);
                case '\\' -> out.write('\\');
                case '"' -> out.write('"');
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int v = e - '0';
                    for (int k = 0; k < 2; k++) {
                        if (i >= in.length() || in.charAt(i) < '0' || in.charAt(i) > '7') throw error("invalid char escape", start);
                        v = v * 8 + (in.charAt(i++) - '0');
                    }
                    if (v > 255) throw error("invalid syntax", start);
                    out.write(v);
                }
                case 'x', 'u', 'U' -> {
                    int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    long v = 0;
                    for (int k = 0; k < n; k++) {
                        if (i >= in.length() || Character.digit(in.charAt(i), 16) < 0) throw error("invalid char escape", start);
                        v = v * 16 + Character.digit(in.charAt(i++), 16);
                    }
                    if (e == 'x') {
                        out.write((int) v);
                    } else {
                        if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) throw error("invalid syntax", start);
                        byte[] b = new String(Character.toChars((int) v)).getBytes(StandardCharsets.UTF_8);
                        out.write(b, 0, b.length);
                    }
                }
                default -> throw error("invalid char escape", start);
            }
        }
        pos = i + 1;
        return token(TokenType.STRING, out.toString(StandardCharsets.UTF_8), 0, start);
    }
}
