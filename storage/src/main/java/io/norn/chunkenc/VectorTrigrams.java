package io.norn.chunkenc;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Hashes the trigrams at even offsets of a text a SIMD vector at a time (the JDK's incubating Vector API), exactly as
 * {@link NgramFilter} does one at a time: a vector of bytes read as 32-bit lanes holds the trigrams at offsets
 * 0, 4, 8, ... in its lanes' low three bytes, and the same read two bytes further on those at 2, 6, 10, ....
 * Loaded only when the JVM runs with {@code --add-modules jdk.incubator.vector}.
 */
final class VectorTrigrams {
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final int WIDTH = BYTES.length();

    private VectorTrigrams() {
    }

    /**
     * Marks {@code seen[hash]} for the trigrams at offsets {@code off, off+2, ...} of whole vectors; returns the
     * offset where the caller continues one trigram at a time.
     */
    static int mark(byte[] text, int off, int len, int seed, byte[] seen) {
        int[] hashes = new int[INTS.length()];
        int i = off;
        for (int last = off + len - WIDTH - 2; i <= last; i += WIDTH) {
            markLanes(hashes, fold(ByteVector.fromArray(BYTES, text, i)), seed, seen);
            markLanes(hashes, fold(ByteVector.fromArray(BYTES, text, i + 2)), seed, seen);
        }
        return i;
    }

    private static ByteVector fold(ByteVector v) {
        VectorMask<Byte> digit = v.compare(VectorOperators.GE, (byte) '0').and(v.compare(VectorOperators.LE, (byte) '9'));
        return v.blend((byte) '0', digit);
    }

    private static void markLanes(int[] hashes, ByteVector folded, int seed, byte[] seen) {
        IntVector t = folded.reinterpretAsInts().and(0xFFFFFF);
        t.lanewise(VectorOperators.XOR, seed).mul(NgramFilter.MULTIPLIER)
                .lanewise(VectorOperators.LSHR, 32 - NgramFilter.HASH_BITS).intoArray(hashes, 0);
        for (int h : hashes) seen[h] = 1;
    }
}
