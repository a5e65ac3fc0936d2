package io.norn.loghttp;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Where a JSON string's plain run ends, a SIMD vector of bytes at a time (the JDK's incubating Vector API). Loaded
 * only when the JVM runs with {@code --add-modules jdk.incubator.vector}.
 */
final class VectorJsonScan {
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
    static final int WIDTH = SPECIES.length();

    private VectorJsonScan() {
    }

    /**
     * Offset from {@code at} of the first of the {@code WIDTH} bytes there that is a quote, a backslash, a control
     * character or non-ASCII; {@code WIDTH} when none is.
     */
    static int firstSpecial(byte[] b, int at) {
        ByteVector v = ByteVector.fromArray(SPECIES, b, at);
        // signed: bytes of 0x80 and up are negative, so one comparison finds them and the control characters
        return v.lt((byte) 0x20).or(v.eq((byte) '"')).or(v.eq((byte) '\\')).firstTrue();
    }
}
