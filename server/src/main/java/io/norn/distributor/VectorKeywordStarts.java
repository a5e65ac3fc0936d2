package io.norn.distributor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Where a level keyword may start, a SIMD vector of positions at a time (the JDK's incubating Vector API): the
 * positions whose three bytes, ASCII letters lower-cased, are one of the keywords' first three ("inf", "err", "war",
 * "cri", "deb"). Loaded only when the JVM runs with {@code --add-modules jdk.incubator.vector}.
 */
final class VectorKeywordStarts {
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
    static final int WIDTH = SPECIES.length();

    private VectorKeywordStarts() {
    }

    /**
     * Bit {@code k} set when position {@code at + k} may start a keyword; {@code b} must hold {@code WIDTH + 2}
     * bytes from {@code at}. Lower-casing only adds candidates, which the caller checks byte for byte.
     */
    static long candidates(byte[] b, int at) {
        ByteVector first = ByteVector.fromArray(SPECIES, b, at).or((byte) 0x20);
        ByteVector second = ByteVector.fromArray(SPECIES, b, at + 1).or((byte) 0x20);
        ByteVector third = ByteVector.fromArray(SPECIES, b, at + 2).or((byte) 0x20);
        VectorMask<Byte> m = first.eq((byte) 'i').and(second.eq((byte) 'n')).and(third.eq((byte) 'f'))
                .or(first.eq((byte) 'e').and(second.eq((byte) 'r')).and(third.eq((byte) 'r')))
                .or(first.eq((byte) 'w').and(second.eq((byte) 'a')).and(third.eq((byte) 'r')))
                .or(first.eq((byte) 'c').and(second.eq((byte) 'r')).and(third.eq((byte) 'i')))
                .or(first.eq((byte) 'd').and(second.eq((byte) 'e')).and(third.eq((byte) 'b')));
        return m.toLong();
    }
}
