package io.norn.logql.log;

import io.norn.model.TextEscapes;

/**
 * Whether a line passes the validity check that Loki 2.8's {@code json} expression parser (with parameters) runs
 * before extracting anything: the first JSON value of the line must be complete and well formed, as the strict skip
 * of the Go library it uses sees it; whatever follows that value is ignored. Notable consequences: a truncated
 * document is invalid even when the wanted fields come before the cut; so are an empty line, a line that does not
 * start with a JSON value, and a bare number that runs to the end of the line. Iterative (no recursion) and
 * allocation-free; nesting deeper than {@value #MAX_DEPTH} is invalid, as in the reference.
 */
final class JsonValidity {
    static final int MAX_DEPTH = 10_000;

    private static final byte IN_OBJECT = 1;
    private static final byte IN_ARRAY = 2;

    private JsonValidity() {
    }

    /** True when {@code b[from, end)} starts with a complete, well-formed JSON value. */
    static boolean valid(byte[] b, int from, int end) {
        byte[] stack = null; // container kinds, allocated only for nesting deeper than a long
        long shallow = 0;    // container kinds of the first 64 levels: bit set = object
        int depth = 0;
        int pos = nextToken(b, from, end);
        if (pos < 0) return false;
        while (true) {
            // a value starts at pos
            byte c = b[pos];
            switch (c) {
                case '{' -> {
                    if (++depth > MAX_DEPTH) return false;
                    int t = nextToken(b, pos + 1, end);
                    if (t < 0) return false;
                    if (b[t] == '}') {
                        depth--;
                        pos = t + 1;
                    } else {
                        if (b[t] != '"') return false;
                        pos = keyAndColon(b, t, end);
                        if (pos < 0) return false;
                        if (depth <= 64) {
                            shallow |= 1L << (depth - 1);
                        } else {
                            stack = push(stack, depth, IN_OBJECT);
                        }
                        continue;
                    }
                }
                case '[' -> {
                    if (++depth > MAX_DEPTH) return false;
                    int t = nextToken(b, pos + 1, end);
                    if (t < 0) return false;
                    if (b[t] == ']') {
                        depth--;
                        pos = t + 1;
                    } else {
                        if (depth <= 64) {
                            shallow &= ~(1L << (depth - 1));
                        } else {
                            stack = push(stack, depth, IN_ARRAY);
                        }
                        pos = t;
                        continue;
                    }
                }
                case '"' -> {
                    pos = stringEnd(b, pos + 1, end);
                    if (pos < 0) return false;
                }
                case 't' -> {
                    if (!literal(b, pos, end, "true")) return false;
                    pos += 4;
                }
                case 'f' -> {
                    if (!literal(b, pos, end, "false")) return false;
                    pos += 5;
                }
                case 'n' -> {
                    if (!literal(b, pos, end, "null")) return false;
                    pos += 4;
                }
                case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> {
                    pos = numberEnd(b, pos, end);
                    if (pos < 0) return false;
                }
                default -> {
                    return false;
                }
            }
            // a value ended just before pos: close containers until one continues with another value
            while (true) {
                if (depth == 0) return true;
                boolean inObject = depth <= 64 ? (shallow & (1L << (depth - 1))) != 0 : stack[depth - 65] == IN_OBJECT;
                int t = nextToken(b, pos, end);
                if (t < 0) return false;
                byte d = b[t];
                if (d == ',') {
                    int v = nextToken(b, t + 1, end);
                    if (v < 0) return false;
                    if (inObject) {
                        if (b[v] == 'n') {
                            // a following member name may be written as null
                            if (!literal(b, v, end, "null")) return false;
                            pos = colon(b, v + 4, end);
                        } else {
                            if (b[v] != '"') return false;
                            pos = keyAndColon(b, v, end);
                        }
                        if (pos < 0) return false;
                    } else {
                        pos = v;
                    }
                    break;
                }
                if (d != (inObject ? '}' : ']')) return false;
                depth--;
                pos = t + 1;
            }
        }
    }

    private static byte[] push(byte[] stack, int depth, byte kind) {
        int i = depth - 65;
        if (stack == null) stack = new byte[64];
        if (i >= stack.length) stack = java.util.Arrays.copyOf(stack, Math.max(i + 1, stack.length * 2));
        stack[i] = kind;
        return stack;
    }

    /** The member name starting at the quote at {@code q}, then a colon: the position after the colon, or -1. */
    private static int keyAndColon(byte[] b, int q, int end) {
        int p = stringEnd(b, q + 1, end);
        return p < 0 ? -1 : colon(b, p, end);
    }

    private static int colon(byte[] b, int p, int end) {
        int t = nextToken(b, p, end);
        if (t < 0 || b[t] != ':') return -1;
        int v = nextToken(b, t + 1, end);
        return v < 0 ? -1 : v;
    }

    static int nextToken(byte[] b, int i, int end) {
        for (; i < end; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\t' && c != '\r') return i;
        }
        return -1;
    }

    private static boolean literal(byte[] b, int pos, int end, String word) {
        if (end - pos < word.length()) return false;
        for (int i = 0; i < word.length(); i++) if (b[pos + i] != word.charAt(i)) return false;
        return true;
    }

    /**
     * From just after an opening quote: the position after the closing quote, or -1. A control character is
     * rejected only before the first escape (the reference checks them on its fast path only); escapes must be
     * valid, {@code \\u} with four hex digits.
     */
    private static int stringEnd(byte[] b, int i, int end) {
        for (; i < end; i++) {
            int c = b[i] & 0xff;
            if (c == '"') return i + 1;
            if (c == '\\') break;
            if (c < 0x20) return -1;
        }
        while (i < end) {
            byte c = b[i++];
            if (c == '"') return i;
            if (c != '\\') continue;
            i = escapeEnd(b, i, end);
            if (i < 0) return -1;
        }
        return -1;
    }

    /** From just after a backslash: the position after the escape sequence, or -1. */
    private static int escapeEnd(byte[] b, int i, int end) {
        if (i >= end) return -1;
        byte e = b[i++];
        switch (e) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return i;
            }
            case 'u' -> {
                int r = TextEscapes.hex4(b, i, end);
                if (r < 0) return -1;
                i += 4;
                if (r < 0xd800 || r > 0xdfff) return i;
                // a surrogate: a following escape is read as its partner when it is a \\u one
                if (i >= end) return -1;
                if (b[i] != '\\') return i;
                if (i + 1 >= end) return -1;
                if (b[i + 1] != 'u') return escapeEnd(b, i + 1, end);
                return TextEscapes.hex4(b, i + 2, end) < 0 ? -1 : i + 6;
            }
            default -> {
                return -1;
            }
        }
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /**
     * The end of the number starting at {@code pos} (a digit or minus), or -1. Like the reference: a run of signs,
     * digits and at most one dot (followed by a digit) that ends in a delimiter is accepted as is; anything else is
     * read as a float (no leading zero or dot, must parse, must not overflow, must not run to the end of the input).
     */
    private static int numberEnd(byte[] b, int pos, int end) {
        boolean dot = false;
        for (int i = pos + 1; i < end; i++) {
            byte c = b[i];
            if (c == '+' || c == '-' || isDigit(c)) continue;
            if (c == '.') {
                if (dot) return -1;
                if (i + 1 == end) break;
                if (!isDigit(b[i + 1])) return -1;
                dot = true;
                continue;
            }
            if (c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (i == pos + 1) break;
                return i;
            }
            break;
        }
        return floatEnd(b, pos, end);
    }

    private static int floatEnd(byte[] b, int pos, int end) {
        int i = pos;
        if (b[i] == '-') i++;
        if (i < end) {
            byte c = b[i];
            if (c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '.') return -1;
            if (c == '0' && i + 1 < end && isDigit(b[i + 1])) return -1;
        }
        int start = i;
        while (i < end) {
            byte c = b[i];
            if (c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E' || isDigit(c)) i++;
            else break;
        }
        if (i == end) return -1; // the reference hits the end of its input here, which it reports as an error
        if (i == start || b[start] == '-') return -1;
        int dotAt = -1;
        for (int k = start; k < i; k++) {
            if (b[k] == '.') {
                dotAt = k;
                break;
            }
        }
        if (dotAt >= 0 && (dotAt == i - 1 || !isDigit(b[dotAt + 1]))) return -1;
        return parsesAsFiniteFloat(b, start, i) ? i : -1;
    }

    /** Go's float syntax over signs, digits, dots and exponents, and a finite result. */
    private static boolean parsesAsFiniteFloat(byte[] b, int from, int to) {
        int i = from;
        if (b[i] == '+' || b[i] == '-') i++;
        int digits = 0;
        while (i < to && isDigit(b[i])) {
            i++;
            digits++;
        }
        if (i < to && b[i] == '.') {
            i++;
            while (i < to && isDigit(b[i])) {
                i++;
                digits++;
            }
        }
        if (digits == 0) return false;
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < to && (b[i] == '+' || b[i] == '-')) i++;
            int exp = 0;
            while (i < to && isDigit(b[i])) {
                i++;
                exp++;
            }
            if (exp == 0) return false;
        }
        if (i != to) return false;
        String s = new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
        return Double.isFinite(Double.parseDouble(s));
    }
}
