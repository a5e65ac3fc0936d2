package io.norn.loghttp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes Loki's JSON responses byte for byte: strings escaped as Go's encoding/json does (log lines with
 * HTML escaping, label names and values without), invalid UTF-8 replaced by U+FFFD. Not thread-safe.
 */
public final class JsonOut {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private byte[] buf = new byte[8192];
    private int len;

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    public int length() {
        return len;
    }

    public byte[] buffer() {
        return buf;
    }

    private void ensure(int n) {
        if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }

    public JsonOut raw(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    public JsonOut raw(char c) {
        ensure(1);
        buf[len++] = (byte) c;
        return this;
    }

    /** A JSON string without HTML escaping (label names and values, keys). */
    public JsonOut str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return quoted(b, 0, b.length, false);
    }

    /** A log line as a JSON string with HTML escaping, from its raw bytes. */
    public JsonOut line(byte[] b, int off, int n) {
        return quoted(b, off, n, true);
    }

    public JsonOut number(long v) {
        return raw(Long.toString(v));
    }

    private JsonOut quoted(byte[] b, int off, int n, boolean html) {
        ensure(n + 2);
        buf[len++] = '"';
        int end = off + n;
        int i = off;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\' && !(html && (c == '<' || c == '>' || c == '&'))) {
                    ensure(1);
                    buf[len++] = (byte) c;
                } else {
                    escapeAscii(c);
                }
                i++;
                continue;
            }
            int seqLen = utf8Length(b, i, end);
            if (seqLen <= 0) {
                raw("\\ufffd");
                i++;
                continue;
            }
            if (seqLen == 3 && (b[i] & 0xFF) == 0xE2 && (b[i + 1] & 0xFF) == 0x80 && ((b[i + 2] & 0xFF) == 0xA8 || (b[i + 2] & 0xFF) == 0xA9)) {
                raw((b[i + 2] & 0xFF) == 0xA8 ? "\\u2028" : "\\u2029");
            } else {
                ensure(seqLen);
                System.arraycopy(b, i, buf, len, seqLen);
                len += seqLen;
            }
            i += seqLen;
        }
        ensure(1);
        buf[len++] = '"';
        return this;
    }

    private void escapeAscii(int c) {
        ensure(6);
        switch (c) {
            case '"' -> { buf[len++] = '\\'; buf[len++] = '"'; }
            case '\\' -> { buf[len++] = '\\'; buf[len++] = '\\'; }
            case '\n' -> { buf[len++] = '\\'; buf[len++] = 'n'; }
            case '\r' -> { buf[len++] = '\\'; buf[len++] = 'r'; }
            case '\t' -> { buf[len++] = '\\'; buf[len++] = 't'; }
            default -> {
                buf[len++] = '\\';
                buf[len++] = 'u';
                buf[len++] = '0';
                buf[len++] = '0';
                buf[len++] = HEX[c >> 4];
                buf[len++] = HEX[c & 0xF];
            }
        }
    }

    /** Length of the valid UTF-8 sequence starting at i, or -1 when invalid. */
    private static int utf8Length(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        int n;
        int min;
        if (c >= 0xC2 && c <= 0xDF) { n = 2; min = 0x80; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 3; min = 0x800; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 4; min = 0x10000; }
        else return -1;
        if (i + n > end) return -1;
        int cp = c & (0xFF >> (n + 1));
        for (int k = 1; k < n; k++) {
            int cc = b[i + k] & 0xFF;
            if ((cc & 0xC0) != 0x80) return -1;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
        return n;
    }

    /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest round-trip digits, never an exponent. */
    public static String formatFloat(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == 0) return (1 / v < 0) ? "-0" : "0";
        String s = new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
        return s;
    }

    /** A sample timestamp in Unix seconds from milliseconds: {@code 1714557600}, {@code 1714557600.5}. */
    public static String formatSeconds(long millis) {
        long secs = Math.floorDiv(millis, 1000);
        long frac = Math.floorMod(millis, 1000);
        if (frac == 0) return Long.toString(secs);
        String f = String.format("%03d", frac);
        while (f.endsWith("0")) f = f.substring(0, f.length() - 1);
        return secs + "." + f;
    }
}
