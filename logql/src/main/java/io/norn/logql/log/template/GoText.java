package io.norn.logql.log.template;

import io.norn.model.GoQuote;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Go's string literal rules: {@code strconv.Quote}, {@code strconv.Unquote}, {@code %#U}. */
final class GoText {
    private GoText() {
    }

    static String quote(String s) {
        return GoQuote.quote(s);
    }

    /** Go's {@code %#U}: {@code U+0041 'A'}, without the character when it is not printable. */
    static String sharpU(int r) {
        String hex = Integer.toHexString(r).toUpperCase();
        StringBuilder sb = new StringBuilder("U+");
        for (int i = hex.length(); i < 4; i++) sb.append('0');
        sb.append(hex);
        if (r >= 0 && isPrint(r)) sb.append(" '").appendCodePoint(r).append('\'');
        return sb.toString();
    }

    static boolean isPrint(int r) {
        if (r < 0x20 || r == 0x7f) return false;
        if (r < 0x7f) return true;
        int t = Character.getType(r);
        return !(t == Character.CONTROL || t == Character.FORMAT || t == Character.SURROGATE
                || t == Character.UNASSIGNED || t == Character.PRIVATE_USE || t == Character.LINE_SEPARATOR
                || t == Character.PARAGRAPH_SEPARATOR || (t == Character.SPACE_SEPARATOR && r != ' '));
    }

    /** Go's {@code strconv.Unquote} for a double-quoted or back-quoted literal. */
    static String unquote(String q) {
        int n = q.length();
        if (n < 2) throw new IllegalArgumentException("invalid syntax");
        char quote = q.charAt(0);
        if (quote != q.charAt(n - 1)) throw new IllegalArgumentException("invalid syntax");
        String body = q.substring(1, n - 1);
        if (quote == '`') {
            if (body.indexOf('`') >= 0) throw new IllegalArgumentException("invalid syntax");
            return body.indexOf('\r') >= 0 ? body.replace("\r", "") : body;
        }
        if (quote != '"') throw new IllegalArgumentException("invalid syntax");
        if (body.indexOf('\\') < 0 && body.indexOf('"') < 0 && body.indexOf('\n') < 0) return body;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '"' || c == '\n') throw new IllegalArgumentException("invalid syntax");
            int[] r = unquoteChar(body, i, '"');
            if (r[2] == 1) bytes.write(r[0]);
            else bytes.writeBytes(new String(Character.toChars(r[0])).getBytes(StandardCharsets.UTF_8));
            i = r[1];
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * Decodes one character or escape of a quoted literal at {@code i}. Returns {code point or byte, next
     * index, 1 if the value is a single raw byte (\x or octal escape) else 0}.
     */
    static int[] unquoteChar(String s, int i, char quote) {
        if (i >= s.length()) throw new IllegalArgumentException("invalid syntax");
        int c = s.codePointAt(i);
        if (c == quote && (quote == '\'' || quote == '"')) throw new IllegalArgumentException("invalid syntax");
        if (c != '\\') return new int[]{c, i + Character.charCount(c), 0};
        if (i + 1 >= s.length()) throw new IllegalArgumentException("invalid syntax");
        char e = s.charAt(i + 1);
        int j = i + 2;
        switch (e) {
            case 'a':
                return new int[]{7, j, 0};
            case 'b':
                return new int[]{8, j, 0};
            case 'f':
                return new int[]{12, j, 0};
            case 'n':
                return new int[]{10, j, 0};
            case 'r':
                return new int[]{13, j, 0};
            case 't':
                return new int[]{9, j, 0};
            case 'v':
                return new int[]{11, j, 0};
            case '\\':
                return new int[]{'\\', j, 0};
            case '\'':
            case '"':
                if (e != quote) throw new IllegalArgumentException("invalid syntax");
                return new int[]{e, j, 0};
            case 'x':
            case 'u':
            case 'U': {
                int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                if (j + len > s.length()) throw new IllegalArgumentException("invalid syntax");
                int v = 0;
                for (int k = 0; k < len; k++) {
                    int d = Character.digit(s.charAt(j + k), 16);
                    if (d < 0) throw new IllegalArgumentException("invalid syntax");
                    v = v * 16 + d;
                }
                if (e == 'x') return new int[]{v, j + len, quote == '\'' ? 0 : 1};
                if (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) throw new IllegalArgumentException("invalid syntax");
                return new int[]{v, j + len, 0};
            }
            case '0', '1', '2', '3', '4', '5', '6', '7': {
                if (i + 4 > s.length()) throw new IllegalArgumentException("invalid syntax");
                int v = 0;
                for (int k = 1; k < 4; k++) {
                    int d = s.charAt(i + k) - '0';
                    if (d < 0 || d > 7) throw new IllegalArgumentException("invalid syntax");
                    v = v * 8 + d;
                }
                if (v > 255) throw new IllegalArgumentException("invalid syntax");
                return new int[]{v, i + 4, quote == '\'' ? 0 : 1};
            }
            default:
                throw new IllegalArgumentException("invalid syntax");
        }
    }

    /** Length of {@code s} in UTF-8 bytes, as Go's {@code len}. */
    static int utf8Length(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n++;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }
}
