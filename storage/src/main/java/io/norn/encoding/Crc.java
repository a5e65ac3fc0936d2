package io.norn.encoding;

import java.util.zip.CRC32C;

/** CRC32C helpers. */
public final class Crc {
    private Crc() {
    }

    public static int crc32c(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        return (int) crc.getValue();
    }
}
