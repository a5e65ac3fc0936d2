package io.norn.logql.log;

/** Label name rules shared by the parsers, as in Loki. */
final class LabelNames {
    static final String DUPLICATE_SUFFIX = "_extracted";

    private LabelNames() {
    }

    /**
     * Loki's key sanitizing for extracted labels: trims spaces, prefixes a leading digit with {@code _} and replaces
     * every character (code point) outside {@code [a-zA-Z0-9_]} by {@code _}.
     */
    static String sanitize(String key) {
        String k = key.strip();
        if (k.isEmpty()) return k;
        StringBuilder sb = new StringBuilder(k.length() + 1);
        if (k.charAt(0) >= '0' && k.charAt(0) <= '9') sb.append('_');
        k.codePoints().forEach(c -> sb.append(isNameChar(c) ? (char) c : '_'));
        return sb.toString();
    }

    /** Appends {@code key} sanitized without trimming; a leading digit is prefixed only at the start of the name. */
    static void appendSanitized(StringBuilder to, String key) {
        if (key.isEmpty()) return;
        if (to.isEmpty() && key.charAt(0) >= '0' && key.charAt(0) <= '9') to.append('_');
        key.codePoints().forEach(c -> to.append(isNameChar(c) ? (char) c : '_'));
    }

    /**
     * Writes the sanitized form of UTF-8 {@code src[off, off+len)} into {@code dst} at {@code at}: name bytes are
     * copied, every other code point (or invalid byte) becomes one {@code _}. Returns the new end in {@code dst}.
     */
    static int appendSanitizedBytes(byte[] src, int off, int len, byte[] dst, int at) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = src[i] & 0xff;
            if (c < 0x80) {
                dst[at++] = isNameChar(c) ? (byte) c : (byte) '_';
                i++;
            } else {
                dst[at++] = '_';
                i += utf8Width(src, i, end);
            }
        }
        return at;
    }

    /** Width of the UTF-8 sequence at {@code i}; 1 for an invalid byte, as Go's decoder steps. */
    static int utf8Width(byte[] b, int i, int end) {
        int c = b[i] & 0xff;
        int n;
        if (c >= 0xc2 && c <= 0xdf) n = 1;
        else if (c >= 0xe0 && c <= 0xef) n = 2;
        else if (c >= 0xf0 && c <= 0xf4) n = 3;
        else return 1;
        if (i + n >= end) return 1;
        for (int k = 1; k <= n; k++) if ((b[i + k] & 0xc0) != 0x80) return 1;
        return n + 1;
    }

    static boolean isNameChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
    }

    /** Prometheus' label name rule: {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    static boolean isValid(String name) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isNameChar(c) || (i == 0 && c >= '0' && c <= '9')) return false;
        }
        return true;
    }

    /** Whether the UTF-8 bytes are invalid or hold U+FFFD, which Loki rejects as a label value. */
    static boolean hasRuneError(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int min;
            int cp;
            if (c >= 0xc2 && c <= 0xdf) {
                n = 1;
                min = 0x80;
                cp = c & 0x1f;
            } else if (c >= 0xe0 && c <= 0xef) {
                n = 2;
                min = 0x800;
                cp = c & 0x0f;
            } else if (c >= 0xf0 && c <= 0xf4) {
                n = 3;
                min = 0x10000;
                cp = c & 0x07;
            } else {
                return true;
            }
            if (i + n >= end) return true;
            for (int k = 1; k <= n; k++) {
                int cc = b[i + k] & 0xff;
                if ((cc & 0xc0) != 0x80) return true;
                cp = (cp << 6) | (cc & 0x3f);
            }
            if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffd) return true;
            i += n + 1;
        }
        return false;
    }
}
