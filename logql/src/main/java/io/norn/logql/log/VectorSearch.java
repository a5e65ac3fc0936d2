package io.norn.logql.log;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Substring search with SIMD vectors (the JDK's incubating Vector API): compares a whole vector of positions at a
 * time with the needle's first and last byte and verifies only where both agree, as {@link ByteSearch} does eight
 * bytes at a time. Loaded only when the JVM runs with {@code --add-modules jdk.incubator.vector}.
 */
final class VectorSearch {
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
    static final int WIDTH = SPECIES.length();

    private VectorSearch() {
    }

    /** Index of the first occurrence of {@code needle} (at least 2 bytes) in {@code buf[from, to)}, or -1. */
    static int indexOf(byte[] buf, int from, int to, byte[] needle) {
        int n = needle.length;
        ByteVector first = ByteVector.broadcast(SPECIES, needle[0]);
        ByteVector last = ByteVector.broadcast(SPECIES, needle[n - 1]);
        int i = from;
        for (int end = to - n + 1 - WIDTH; i <= end; i += WIDTH) {
            long m = ByteVector.fromArray(SPECIES, buf, i).eq(first)
                    .and(ByteVector.fromArray(SPECIES, buf, i + n - 1).eq(last)).toLong();
            while (m != 0) {
                int p = i + Long.numberOfTrailingZeros(m);
                if (Arrays.equals(buf, p, p + n, needle, 0, n)) return p;
                m &= m - 1;
            }
        }
        return i > to - n ? -1 : ByteSearch.indexOfScalar(buf, i, to, needle);
    }

    /** Index of the first byte equal to {@code a} or {@code b} in {@code buf[from, to)} (at least a vector long), or -1. */
    static int indexOfEither(byte[] buf, int from, int to, byte a, byte b) {
        int i = from;
        for (int last = to - WIDTH; i <= last; i += WIDTH) {
            ByteVector v = ByteVector.fromArray(SPECIES, buf, i);
            long m = v.eq(a).or(v.eq(b)).toLong();
            if (m != 0) return i + Long.numberOfTrailingZeros(m);
        }
        if (i == to) return -1;
        // the rest: one more vector ending at the range's end, without the positions already searched
        int last = to - WIDTH;
        ByteVector v = ByteVector.fromArray(SPECIES, buf, last);
        long m = v.eq(a).or(v.eq(b)).toLong() >>> (i - last);
        return m == 0 ? -1 : i + Long.numberOfTrailingZeros(m);
    }

    /** {@link #indexOf} ignoring ASCII case; {@code lowerNeedle} is ASCII, lower case, at least 2 bytes. */
    static int indexOfIgnoreCase(byte[] buf, int from, int to, byte[] lowerNeedle) {
        int n = lowerNeedle.length;
        byte f = lowerNeedle[0];
        byte l = lowerNeedle[n - 1];
        ByteVector first = ByteVector.broadcast(SPECIES, f);
        ByteVector last = ByteVector.broadcast(SPECIES, l);
        // setting bit 0x20 lower-cases a letter; only done when the needle byte is a letter
        byte foldFirst = (byte) (ByteSearch.isAsciiLetter(f) ? 0x20 : 0);
        byte foldLast = (byte) (ByteSearch.isAsciiLetter(l) ? 0x20 : 0);
        int i = from;
        for (int end = to - n + 1 - WIDTH; i <= end; i += WIDTH) {
            long m = ByteVector.fromArray(SPECIES, buf, i).or(foldFirst).eq(first)
                    .and(ByteVector.fromArray(SPECIES, buf, i + n - 1).or(foldLast).eq(last)).toLong();
            while (m != 0) {
                int p = i + Long.numberOfTrailingZeros(m);
                if (ByteSearch.equalsIgnoreCase(buf, p, lowerNeedle)) return p;
                m &= m - 1;
            }
        }
        return i > to - n ? -1 : ByteSearch.indexOfIgnoreCaseScalar(buf, i, to, lowerNeedle);
    }
}
