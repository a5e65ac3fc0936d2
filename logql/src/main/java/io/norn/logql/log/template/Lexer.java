package io.norn.logql.log.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a template into items the way Go's {@code text/template/parse} lexer does: text, delimiters,
 * and the words inside actions, with trim markers applied and comments dropped. Lexing stops at the
 * first error, which becomes an {@link Type#ERROR} item carrying Go's message.
 */
final class Lexer {
    enum Type {
        ERROR, BOOL, CHAR, CHAR_CONSTANT, COMPLEX, ASSIGN, DECLARE, EOF, FIELD, IDENTIFIER, LEFT_DELIM,
        LEFT_PAREN, NUMBER, PIPE, RAW_STRING, RIGHT_DELIM, RIGHT_PAREN, SPACE, STRING, TEXT, VARIABLE,
        // keywords
        BLOCK, BREAK, CONTINUE, DOT, DEFINE, ELSE, END, IF, NIL, RANGE, TEMPLATE, WITH;

        boolean isKeyword() {
            return ordinal() >= BLOCK.ordinal();
        }
    }

    record Item(Type type, int pos, String val, int line) {
        @Override
        public String toString() {
            if (type == Type.EOF) return "EOF";
            if (type == Type.ERROR) return val;
            if (type.isKeyword()) return "<" + val + ">";
            if (val.codePointCount(0, val.length()) > 10) {
                int end = val.offsetByCodePoints(0, 10);
                return GoText.quote(val.substring(0, end)) + "...";
            }
            return GoText.quote(val);
        }
    }

    private static final String LEFT = "{{";
    private static final String RIGHT = "}}";

    private final String input;
    private final List<Item> items = new ArrayList<>();
    private int pos;
    private int start;
    private int line = 1;
    private int startLine = 1;
    private int parenDepth;

    private Lexer(String input) {
        this.input = input;
    }

    static List<Item> lex(String input) {
        Lexer l = new Lexer(input);
        l.run();
        return l.items;
    }

    private void run() {
        boolean inside = false;
        while (true) {
            boolean ok = inside ? insideAction() : text();
            if (!ok) return;
            Item last = items.isEmpty() ? null : items.get(items.size() - 1);
            if (last != null && (last.type == Type.EOF || last.type == Type.ERROR)) return;
            if (last != null && last.type == Type.LEFT_DELIM) inside = true;
            if (last != null && last.type == Type.RIGHT_DELIM) inside = false;
        }
    }

    // ---- helpers

    private void emit(Type t) {
        items.add(new Item(t, start, input.substring(start, pos), startLine));
        start = pos;
        startLine = line;
    }

    private void ignore() {
        line += count(input, start, pos);
        start = pos;
        startLine = line;
    }

    private boolean error(String msg) {
        items.add(new Item(Type.ERROR, start, msg, startLine));
        return false;
    }

    private int next() {
        if (pos >= input.length()) {
            pos = input.length() + 1; // mark EOF consumed
            return -1;
        }
        int r = input.codePointAt(pos);
        pos += Character.charCount(r);
        if (r == '\n') line++;
        return r;
    }

    private void backup() {
        if (pos > input.length()) {
            pos = input.length();
            return;
        }
        if (pos > 0) {
            int r = input.codePointBefore(pos);
            pos -= Character.charCount(r);
            if (r == '\n') line--;
        }
    }

    private int peek() {
        int r = next();
        backup();
        return r;
    }

    private static int count(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to && i < s.length(); i++) if (s.charAt(i) == '\n') n++;
        return n;
    }

    static boolean isSpace(int r) {
        return r == ' ' || r == '\t' || r == '\r' || r == '\n';
    }

    static boolean isAlphaNumeric(int r) {
        return r == '_' || Character.isLetter(r) || Character.isDigit(r);
    }

    private boolean hasLeftTrimMarker(int at) {
        return at + 1 < input.length() && input.charAt(at) == '-' && isSpace(input.charAt(at + 1));
    }

    private boolean hasRightTrimMarker(int at) {
        return at + 1 < input.length() && isSpace(input.charAt(at)) && input.charAt(at + 1) == '-';
    }

    /** 0: not at a right delimiter; 1: at one; 2: at one with a trim marker. */
    private int atRightDelim() {
        if (hasRightTrimMarker(pos) && input.startsWith(RIGHT, pos + 2)) return 2;
        if (input.startsWith(RIGHT, pos)) return 1;
        return 0;
    }

    // ---- states

    private boolean text() {
        int x = input.indexOf(LEFT, pos);
        if (x >= 0) {
            if (x > pos) {
                pos = x;
                int trim = 0;
                int delimEnd = pos + LEFT.length();
                if (hasLeftTrimMarker(delimEnd)) {
                    int k = pos;
                    while (k > start && isSpace(input.charAt(k - 1))) k--;
                    trim = pos - k;
                }
                pos -= trim;
                line += count(input, start, pos);
                Item text = new Item(Type.TEXT, start, input.substring(start, pos), startLine);
                start = pos;
                startLine = line;
                pos += trim;
                ignore();
                if (!text.val.isEmpty()) items.add(text);
            }
            return leftDelim();
        }
        pos = input.length();
        if (pos > start) {
            line += count(input, start, pos);
            items.add(new Item(Type.TEXT, start, input.substring(start, pos), startLine));
            start = pos;
            startLine = line;
        }
        items.add(new Item(Type.EOF, pos, "EOF", startLine));
        return true;
    }

    private boolean leftDelim() {
        pos += LEFT.length();
        boolean trim = hasLeftTrimMarker(pos);
        int after = trim ? 2 : 0;
        if (input.startsWith("/*", pos + after)) {
            pos += after;
            ignore();
            return comment();
        }
        items.add(new Item(Type.LEFT_DELIM, start, input.substring(start, pos), startLine));
        start = pos;
        startLine = line;
        pos += after;
        ignore();
        parenDepth = 0;
        return true;
    }

    private boolean comment() {
        pos += 2;
        int x = input.indexOf("*/", pos);
        if (x < 0) return error("unclosed comment");
        pos = x + 2;
        int delim = atRightDelim();
        if (delim == 0) return error("comment ends before closing delimiter");
        line += count(input, start, pos);
        start = pos;
        startLine = line;
        if (delim == 2) pos += 2;
        pos += RIGHT.length();
        if (delim == 2) {
            while (pos < input.length() && isSpace(input.charAt(pos))) pos++;
        }
        ignore();
        return true;
    }

    private boolean rightDelim() {
        boolean trim = atRightDelim() == 2;
        if (trim) {
            pos += 2;
            ignore();
        }
        pos += RIGHT.length();
        emit(Type.RIGHT_DELIM);
        if (trim) {
            while (pos < input.length() && isSpace(input.charAt(pos))) pos++;
            ignore();
        }
        return true;
    }

    private boolean insideAction() {
        if (atRightDelim() != 0) {
            if (parenDepth == 0) return rightDelim();
            return error("unclosed left paren");
        }
        int r = next();
        if (r == -1) return error("unclosed action");
        if (isSpace(r)) {
            backup();
            return space();
        }
        switch (r) {
            case '=':
                emit(Type.ASSIGN);
                return true;
            case ':':
                if (next() != '=') return error("expected :=");
                emit(Type.DECLARE);
                return true;
            case '|':
                emit(Type.PIPE);
                return true;
            case '"':
                return quote();
            case '`':
                return rawQuote();
            case '$':
                return variable();
            case '\'':
                return charConstant();
            case '(':
                parenDepth++;
                emit(Type.LEFT_PAREN);
                return true;
            case ')':
                parenDepth--;
                if (parenDepth < 0) return error("unexpected right paren");
                emit(Type.RIGHT_PAREN);
                return true;
            default:
                break;
        }
        if (r == '.') {
            if (pos < input.length()) {
                char c = input.charAt(pos);
                if (c < '0' || c > '9') return fieldOrVariable(Type.FIELD);
            }
            backup();
            return number();
        }
        if (r == '+' || r == '-' || (r >= '0' && r <= '9')) {
            backup();
            return number();
        }
        if (isAlphaNumeric(r)) {
            backup();
            return identifier();
        }
        if (r <= 0x7f && r >= 0x20 && r != 0x7f) {
            emit(Type.CHAR);
            return true;
        }
        return error("unrecognized character in action: " + GoText.sharpU(r));
    }

    private boolean space() {
        int n = 0;
        while (isSpace(peek())) {
            next();
            n++;
        }
        if (hasRightTrimMarker(pos - 1) && input.startsWith(RIGHT, pos - 1 + 2)) {
            backup();
            if (n == 1) return rightDelim();
        }
        emit(Type.SPACE);
        return true;
    }

    private boolean atTerminator() {
        int r = peek();
        if (isSpace(r)) return true;
        switch (r) {
            case -1, '.', ',', '|', ':', ')', '(':
                return true;
            default:
                return input.startsWith(RIGHT, Math.min(pos, input.length()));
        }
    }

    private boolean identifier() {
        while (true) {
            int r = next();
            if (isAlphaNumeric(r)) continue;
            backup();
            String word = input.substring(start, pos);
            if (!atTerminator()) return error("bad character " + GoText.sharpU(r));
            Type kw = keyword(word);
            if (kw != null) emit(kw);
            else if (word.equals("true") || word.equals("false")) emit(Type.BOOL);
            else emit(Type.IDENTIFIER);
            return true;
        }
    }

    private static Type keyword(String word) {
        return switch (word) {
            case "block" -> Type.BLOCK;
            case "break" -> Type.BREAK;
            case "continue" -> Type.CONTINUE;
            case "define" -> Type.DEFINE;
            case "else" -> Type.ELSE;
            case "end" -> Type.END;
            case "if" -> Type.IF;
            case "range" -> Type.RANGE;
            case "nil" -> Type.NIL;
            case "template" -> Type.TEMPLATE;
            case "with" -> Type.WITH;
            default -> null;
        };
    }

    private boolean variable() {
        if (atTerminator()) {
            emit(Type.VARIABLE);
            return true;
        }
        return fieldOrVariable(Type.VARIABLE);
    }

    private boolean fieldOrVariable(Type t) {
        if (atTerminator()) {
            emit(t == Type.VARIABLE ? Type.VARIABLE : Type.DOT);
            return true;
        }
        int r;
        while (true) {
            r = next();
            if (!isAlphaNumeric(r)) {
                backup();
                break;
            }
        }
        if (!atTerminator()) return error("bad character " + GoText.sharpU(r));
        emit(t);
        return true;
    }

    private boolean charConstant() {
        while (true) {
            int r = next();
            if (r == '\\') {
                int r2 = next();
                if (r2 != -1 && r2 != '\n') continue;
                return error("unterminated character constant");
            }
            if (r == -1 || r == '\n') return error("unterminated character constant");
            if (r == '\'') break;
        }
        emit(Type.CHAR_CONSTANT);
        return true;
    }

    private boolean number() {
        if (!scanNumber()) return error("bad number syntax: " + GoText.quote(input.substring(start, Math.min(pos, input.length()))));
        int sign = peek();
        if (sign == '+' || sign == '-') {
            if (!scanNumber() || input.charAt(pos - 1) != 'i') {
                return error("bad number syntax: " + GoText.quote(input.substring(start, Math.min(pos, input.length()))));
            }
            emit(Type.COMPLEX);
            return true;
        }
        emit(Type.NUMBER);
        return true;
    }

    private boolean accept(String valid) {
        int r = next();
        if (r != -1 && valid.indexOf(r) >= 0) return true;
        backup();
        return false;
    }

    private void acceptRun(String valid) {
        while (true) {
            int r = next();
            if (r == -1 || valid.indexOf(r) < 0) break;
        }
        backup();
    }

    private boolean scanNumber() {
        accept("+-");
        String digits = "0123456789_";
        if (accept("0")) {
            if (accept("xX")) digits = "0123456789abcdefABCDEF_";
            else if (accept("oO")) digits = "01234567_";
            else if (accept("bB")) digits = "01_";
        }
        acceptRun(digits);
        if (accept(".")) acceptRun(digits);
        if (digits.length() == 11 && accept("eE")) {
            accept("+-");
            acceptRun("0123456789_");
        }
        if (digits.length() == 23 && accept("pP")) {
            accept("+-");
            acceptRun("0123456789_");
        }
        accept("i");
        if (isAlphaNumeric(peek())) {
            next();
            return false;
        }
        return true;
    }

    private boolean quote() {
        while (true) {
            int r = next();
            if (r == '\\') {
                int r2 = next();
                if (r2 != -1 && r2 != '\n') continue;
                return error("unterminated quoted string");
            }
            if (r == -1 || r == '\n') return error("unterminated quoted string");
            if (r == '"') break;
        }
        emit(Type.STRING);
        return true;
    }

    private boolean rawQuote() {
        while (true) {
            int r = next();
            if (r == -1) return error("unterminated raw quoted string");
            if (r == '`') break;
        }
        emit(Type.RAW_STRING);
        return true;
    }
}
