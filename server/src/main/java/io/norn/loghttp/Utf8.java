package io.norn.loghttp;

import java.io.ByteArrayOutputStream;

/** UTF-8 validation and repair for request bodies. Thread-safe (stateless). */
final class Utf8 {
    private static final java.lang.invoke.VarHandle LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private Utf8() {
    }

    /**
     * Returns {@code b} itself when it is valid UTF-8, else a copy with each invalid byte replaced by U+FFFD, as Go's
     * JSON decoder does, so that a log line with broken encoding is stored rather than rejected.
     */
    static byte[] sanitize(byte[] b) {
        return sanitize(b, b.length);
    }

    /** {@link #sanitize(byte[])} of {@code b[0, len)}: {@code b} itself when valid, else a repaired copy of exactly that part. */
    static byte[] sanitize(byte[] b, int len) {
        int i = firstInvalid(b, 0, len);
        if (i < 0) return b;
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 16);
        int from = 0;
        while (i >= 0) {
            out.write(b, from, i - from);
            out.write(REPLACEMENT, 0, REPLACEMENT.length);
            from = i + 1;
            i = firstInvalid(b, from, len);
        }
        out.write(b, from, len - from);
        return out.toByteArray();
    }

    /** True when {@code b[off, off + len)} is valid UTF-8. */
    static boolean isValid(byte[] b, int off, int len) {
        return firstInvalid(b, off, off + len) < 0;
    }

    /** Index of the first byte that does not start a valid UTF-8 sequence, or -1. */
    static int firstInvalid(byte[] b, int from) {
        return firstInvalid(b, from, b.length);
    }

    private static int firstInvalid(byte[] b, int from, int n) {
        int i = from;
        while (i < n) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                // ASCII runs, the usual case, eight bytes at a time.
                while (i + 8 <= n && ((long) LONG.get(b, i) & 0x8080808080808080L) == 0) i += 8;
                continue;
            }
            int len = sequenceLength(b, i, n);
            if (len < 0) return i;
            i += len;
        }
        return -1;
    }

    /**
     * Length of the multi-byte UTF-8 sequence starting at {@code b[i]} (a byte of 0x80 or more) and ending before
     * {@code n}, or -1 when it is not a valid one (overlong, surrogate, beyond U+10FFFF, truncated).
     */
    static int sequenceLength(byte[] b, int i, int n) {
        int c = b[i] & 0xFF;
        int len;
        int min;
        if (c >= 0xC2 && c <= 0xDF) { len = 2; min = 0x80; }
        else if (c >= 0xE0 && c <= 0xEF) { len = 3; min = 0x800; }
        else if (c >= 0xF0 && c <= 0xF4) { len = 4; min = 0x10000; }
        else return -1;
        if (i + len > n) return -1;
        int cp = c & (0xFF >> (len + 1));
        for (int k = 1; k < len; k++) {
            int cc = b[i + k] & 0xFF;
            if ((cc & 0xC0) != 0x80) return -1;
            cp = (cp << 6) | (cc & 0x3F);
        }
        return cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ? -1 : len;
    }
}
