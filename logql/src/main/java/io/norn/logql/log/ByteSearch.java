package io.norn.logql.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Substring search on byte ranges. The literal search tests eight positions at a time (SWAR): it loads the
 * words where the first and the last byte of the needle would sit and only verifies positions where both
 * bytes agree, which keeps the scan branch-light on ordinary text. Long ranges are searched a SIMD vector at a
 * time instead when the JVM has the Vector API ({@link VectorSearch}).
 */
public final class ByteSearch {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long CASE_BITS = 0x2020202020202020L;

    private ByteSearch() {
    }

    private static final boolean VECTORS = io.norn.model.VectorSupport.PRESENT;

    /** Index of the first occurrence of {@code needle} in {@code buf[from, to)}, or -1. */
    public static int indexOf(byte[] buf, int from, int to, byte[] needle) {
        int n = needle.length;
        if (n == 0) return from;
        if (n == 1) return indexOfByte(buf, from, to, needle[0]);
        if (VECTORS && to - from >= 2 * VectorSearch.WIDTH + n) return VectorSearch.indexOf(buf, from, to, needle);
        return indexOfScalar(buf, from, to, needle);
    }

    /** {@link #indexOf} for needles of 2 bytes or more, eight positions at a time. */
    static int indexOfScalar(byte[] buf, int from, int to, byte[] needle) {
        int n = needle.length;
        long first = ONES * (needle[0] & 0xff);
        long last = ONES * (needle[n - 1] & 0xff);
        int i = from;
        int wordEnd = to - n + 1 - 8; // last i such that both 8-byte loads stay inside [from, to)
        while (i <= wordEnd) {
            long m = zeroBytes((long) LONG.get(buf, i) ^ first) & zeroBytes((long) LONG.get(buf, i + n - 1) ^ last);
            while (m != 0) {
                int p = i + (Long.numberOfTrailingZeros(m) >>> 3);
                // the zero-byte trick may flag bytes above a real match, so verify the whole needle
                if (Arrays.equals(buf, p, p + n, needle, 0, n)) return p;
                m &= m - 1;
            }
            i += 8;
        }
        byte f = needle[0];
        for (int end = to - n; i <= end; i++) {
            if (buf[i] == f && Arrays.equals(buf, i + 1, i + n, needle, 1, n)) return i;
        }
        return -1;
    }

    static int indexOfByte(byte[] buf, int from, int to, byte b) {
        long pattern = ONES * (b & 0xff);
        int i = from;
        for (int end = to - 8; i <= end; i += 8) {
            long m = zeroBytes((long) LONG.get(buf, i) ^ pattern);
            if (m != 0) return i + (Long.numberOfTrailingZeros(m) >>> 3);
        }
        for (; i < to; i++) {
            if (buf[i] == b) return i;
        }
        return -1;
    }

    /** Index of the first {@code a} or {@code b} byte in {@code buf[from, to)}, or -1. */
    static int indexOfEither(byte[] buf, int from, int to, byte a, byte b) {
        if (VECTORS && to - from >= VectorSearch.WIDTH) return VectorSearch.indexOfEither(buf, from, to, a, b);
        return indexOfEitherScalar(buf, from, to, a, b);
    }

    static int indexOfEitherScalar(byte[] buf, int from, int to, byte a, byte b) {
        long pa = ONES * (a & 0xff);
        long pb = ONES * (b & 0xff);
        int i = from;
        for (int end = to - 8; i <= end; i += 8) {
            long w = (long) LONG.get(buf, i);
            // the lowest flagged byte of each mask is a true match, so the lowest of both is one too
            long m = zeroBytes(w ^ pa) | zeroBytes(w ^ pb);
            if (m != 0) return i + (Long.numberOfTrailingZeros(m) >>> 3);
        }
        for (; i < to; i++) {
            if (buf[i] == a || buf[i] == b) return i;
        }
        return -1;
    }

    /**
     * Index of the first occurrence of {@code lowerNeedle} in {@code buf[from, to)} ignoring ASCII case. The
     * needle must be ASCII and already lower case.
     */
    public static int indexOfIgnoreCase(byte[] buf, int from, int to, byte[] lowerNeedle) {
        int n = lowerNeedle.length;
        if (n == 0) return from;
        if (VECTORS && n >= 2 && to - from >= 2 * VectorSearch.WIDTH + n) {
            return VectorSearch.indexOfIgnoreCase(buf, from, to, lowerNeedle);
        }
        return indexOfIgnoreCaseScalar(buf, from, to, lowerNeedle);
    }

    /** {@link #indexOfIgnoreCase} eight positions at a time. */
    static int indexOfIgnoreCaseScalar(byte[] buf, int from, int to, byte[] lowerNeedle) {
        int n = lowerNeedle.length;
        byte f = lowerNeedle[0];
        byte l = lowerNeedle[n - 1];
        long first = ONES * (f & 0xff);
        long last = ONES * (l & 0xff);
        long foldFirst = isAsciiLetter(f) ? CASE_BITS : 0;
        long foldLast = isAsciiLetter(l) ? CASE_BITS : 0;
        int i = from;
        int wordEnd = to - n + 1 - 8;
        while (i <= wordEnd) {
            long w1 = ((long) LONG.get(buf, i) | foldFirst) ^ first;
            long w2 = ((long) LONG.get(buf, i + n - 1) | foldLast) ^ last;
            long m = zeroBytes(w1) & zeroBytes(w2);
            while (m != 0) {
                int p = i + (Long.numberOfTrailingZeros(m) >>> 3);
                if (equalsIgnoreCase(buf, p, lowerNeedle)) return p;
                m &= m - 1;
            }
            i += 8;
        }
        for (int end = to - n; i <= end; i++) {
            if (equalsIgnoreCase(buf, i, lowerNeedle)) return i;
        }
        return -1;
    }

    static boolean equalsIgnoreCase(byte[] buf, int p, byte[] lowerNeedle) {
        for (int k = 0; k < lowerNeedle.length; k++) {
            byte b = buf[p + k];
            if (b >= 'A' && b <= 'Z') b = (byte) (b | 0x20);
            if (b != lowerNeedle[k]) return false;
        }
        return true;
    }

    static boolean isAsciiLetter(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    /** High bit set in every byte of {@code x} that is zero (and possibly in bytes above a zero byte). */
    private static long zeroBytes(long x) {
        return (x - ONES) & ~x & HIGHS;
    }
}
