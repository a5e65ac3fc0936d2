package io.norn.logql.log;

import io.norn.model.TextEscapes;

/**
 * A lenient, allocation-free JSON scanner on byte ranges with the behaviour (and error texts) of the Go library
 * Loki's {@code json} parser is built on: values are located by scanning for their end rather than fully validated,
 * arrays and objects are skipped by bracket counting, and a truncated document yields the same errors.
 * Absolute indices are used throughout; {@code end} is exclusive. Not thread-safe (holds the last value found).
 */
final class JsonScanner {
    static final int OK = 0;
    static final int MALFORMED_JSON = 1;
    static final int MALFORMED_STRING = 2;
    static final int MALFORMED_ARRAY = 3;
    static final int MALFORMED_OBJECT = 4;
    static final int UNKNOWN_VALUE_TYPE = 5;
    static final int MALFORMED_STRING_ESCAPE = 6;

    static final int STRING = 1;
    static final int NUMBER = 2;
    static final int OBJECT = 3;
    static final int ARRAY = 4;
    static final int BOOLEAN = 5;
    static final int NULL = 6;

    static String message(int error) {
        return switch (error) {
            case MALFORMED_JSON -> "Malformed JSON error";
            case MALFORMED_STRING -> "Value is string, but can't find closing '\"' symbol";
            case MALFORMED_ARRAY -> "Value is array, but can't find closing ']' symbol";
            case MALFORMED_OBJECT -> "Value looks like object, but can't find closing '}' symbol";
            case UNKNOWN_VALUE_TYPE -> "Unknown value type";
            case MALFORMED_STRING_ESCAPE -> "Encountered an invalid escape sequence in a string";
            default -> "";
        };
    }

    // the value found by the last call to value(): type, [start, end) of its content and where it ends in the input
    int type;
    int valueStart;
    int valueEnd;
    int endOffset;
    // set by stringEnd
    private boolean escaped;

    /** Position of the first non-blank byte at or after {@code i}, or -1. */
    static int nextToken(byte[] b, int i, int end) {
        for (; i < end; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return i;
        }
        return -1;
    }

    static int tokenEnd(byte[] b, int i, int end) {
        for (; i < end; i++) {
            byte c = b[i];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ',' || c == '}' || c == ']') return i;
        }
        return end;
    }

    /** Scanning from just after an opening quote: position after the closing quote, or -1. */
    int stringEnd(byte[] b, int i, int end) {
        boolean esc = false;
        int p = i;
        while (true) {
            p = ByteSearch.indexOfEither(b, p, end, (byte) '"', (byte) '\\');
            if (p < 0) break;
            if (b[p] == '"') {
                escaped = esc;
                return p + 1;
            }
            esc = true;
            p += 2; // a backslash escapes the byte after it: an even run of them leaves a quote unescaped
        }
        escaped = esc;
        return -1;
    }

    boolean lastStringEscaped() {
        return escaped;
    }

    /** From an opening bracket at {@code i}: position after the matching close, or -1. */
    int blockEnd(byte[] b, int i, int end, byte open, byte close) {
        int level = 0;
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                int se = stringEnd(b, i + 1, end);
                if (se < 0) return -1;
                i = se - 1;
            } else if (c == open) {
                level++;
            } else if (c == close) {
                level--;
                if (level == 0) return i + 1;
            }
            i++;
        }
        return -1;
    }

    /** Locates the value starting at the first token at or after {@code from}; returns an error code. */
    int value(byte[] b, int from, int end) {
        int off = nextToken(b, from, end);
        if (off < 0) return MALFORMED_JSON;
        byte c = b[off];
        if (c == '"') {
            type = STRING;
            int se = stringEnd(b, off + 1, end);
            if (se < 0) return MALFORMED_STRING;
            valueStart = off + 1;
            valueEnd = se - 1;
            endOffset = se;
            return OK;
        }
        if (c == '[' || c == '{') {
            type = c == '[' ? ARRAY : OBJECT;
            int be = blockEnd(b, off, end, c, c == '[' ? (byte) ']' : (byte) '}');
            if (be < 0) return c == '[' ? MALFORMED_ARRAY : MALFORMED_OBJECT;
            valueStart = off;
            valueEnd = be;
            endOffset = be;
            return OK;
        }
        int te = tokenEnd(b, off, end);
        int len = te - off;
        switch (c) {
            case 't', 'f' -> {
                if (!(equals(b, off, len, "true") || equals(b, off, len, "false"))) return UNKNOWN_VALUE_TYPE;
                type = BOOLEAN;
            }
            case 'u', 'n' -> {
                if (!equals(b, off, len, "null")) return UNKNOWN_VALUE_TYPE;
                type = NULL;
            }
            case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-' -> type = NUMBER;
            default -> {
                return UNKNOWN_VALUE_TYPE;
            }
        }
        valueStart = off;
        valueEnd = type == NULL ? off : te;
        endOffset = te;
        return OK;
    }

    private static boolean equals(byte[] b, int off, int len, String s) {
        if (len != s.length()) return false;
        for (int i = 0; i < len; i++) if (b[off + i] != s.charAt(i)) return false;
        return true;
    }

    /** Receives the members of an object. */
    interface MemberVisitor {
        /** Returns an error code to stop, or {@link #OK}. The scanner's value fields describe the member's value. */
        int member(byte[] b, int keyStart, int keyEnd, boolean keyEscaped, JsonScanner value);
    }

    /** Visits the members of the object at {@code [from, end)}; returns an error code. */
    int objectEach(byte[] b, int from, int end, MemberVisitor visitor) {
        int off = nextToken(b, from, end);
        if (off < 0 || b[off] != '{') return MALFORMED_OBJECT;
        off++;
        off = nextToken(b, off, end);
        if (off < 0) return MALFORMED_JSON;
        if (b[off] == '}') return OK;
        while (off < end) {
            byte c = b[off];
            if (c == '"') {
                off++;
            } else if (c == '}') {
                return OK;
            } else {
                return MALFORMED_OBJECT;
            }
            int se = stringEnd(b, off, end);
            if (se < 0) return MALFORMED_JSON;
            int keyStart = off;
            int keyEnd = se - 1;
            boolean keyEscaped = escaped;
            off = se;
            off = nextToken(b, off, end);
            if (off < 0 || b[off] != ':') return MALFORMED_JSON;
            off++;
            int err = value(b, off, end);
            if (err != OK) return err;
            int valueEndOffset = endOffset;
            err = visitor.member(b, keyStart, keyEnd, keyEscaped, this);
            if (err != OK) return err;
            off = valueEndOffset;
            off = nextToken(b, off, end);
            if (off < 0) return MALFORMED_ARRAY;
            if (b[off] == '}') return OK;
            if (b[off] != ',') return MALFORMED_OBJECT;
            off++;
            off = nextToken(b, off, end);
            if (off < 0) return MALFORMED_ARRAY;
        }
        return MALFORMED_OBJECT;
    }

    /**
     * Decodes JSON string escapes of {@code b[from, to)} into {@code out} starting at 0; returns the decoded length
     * or -1 for an invalid escape. {@code out} must hold at least {@code to - from} bytes.
     */
    static int unescape(byte[] b, int from, int to, byte[] out) {
        int o = 0;
        int i = from;
        while (i < to) {
            byte c = b[i];
            if (c != '\\') {
                out[o++] = c;
                i++;
                continue;
            }
            if (i + 1 >= to) return -1;
            byte e = b[i + 1];
            int simple = TextEscapes.shortEscape(e);
            if (simple >= 0) {
                out[o++] = (byte) simple;
                i += 2;
                continue;
            }
            if (e != 'u') return -1;
            int r = TextEscapes.hex4(b, i + 2, to);
            if (r < 0) return -1;
            int consumed = 6;
            if (r >= 0xd800 && r <= 0xdfff) {
                if (i + 7 >= to || b[i + 6] != '\\' || b[i + 7] != 'u') return -1;
                int r2 = TextEscapes.hex4(b, i + 8, to);
                if (r2 < 0 || r2 < 0xdc00) return -1;
                r = ((r - 0xd800) << 10) + (r2 - 0xdc00) + 0x10000;
                consumed = 12;
            }
            o = TextEscapes.encodeUtf8(r, out, o);
            i += consumed;
        }
        return o;
    }
}
