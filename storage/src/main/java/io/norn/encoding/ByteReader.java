package io.norn.encoding;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Reads big-endian fixed-width integers, unsigned varints and length-prefixed data from a byte range,
 * throwing {@link CorruptionException} (never an index exception) when the data runs out. Not thread-safe.
 */
public final class ByteReader {
    private final byte[] buf;
    private final int end;
    private final String source;
    private int pos;

    public ByteReader(byte[] buf, int off, int len, String source) {
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
        this.source = source;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    public String source() {
        return source;
    }

    public byte[] buffer() {
        return buf;
    }

    private void need(int n) throws CorruptionException {
        if (n < 0 || end - pos < n) {
            throw new CorruptionException(source, pos, "unexpected end of data: need " + n + " bytes, have " + (end - pos));
        }
    }

    public int u8() throws CorruptionException {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int u32() throws CorruptionException {
        need(4);
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    public long i64() throws CorruptionException {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (buf[pos++] & 0xFF);
        return v;
    }

    public long uvarint() throws CorruptionException {
        long v = 0;
        if (end - pos >= 10) { // the longest varint fits: no bounds check per byte
            int p = pos;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = buf[p++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    pos = p;
                    return v;
                }
            }
            throw new CorruptionException(source, p, "varint overflows 64 bits");
        }
        for (int shift = 0; shift < 64; shift += 7) {
            need(1);
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) return v;
        }
        throw new CorruptionException(source, pos, "varint overflows 64 bits");
    }

    /** A varint that must fit a non-negative int no larger than {@code max}. */
    public int uvarintInt(int max, String what) throws CorruptionException {
        long v = uvarint();
        if (v < 0 || v > max) throw new CorruptionException(source, pos, what + " out of range: " + v + " (max " + max + ")");
        return (int) v;
    }

    /** Skips n bytes, returning the offset where they start. */
    public int skip(int n) throws CorruptionException {
        need(n);
        int at = pos;
        pos += n;
        return at;
    }

    public String string() throws CorruptionException {
        int n = uvarintInt(remaining(), "string length");
        int at = skip(n);
        return new String(buf, at, n, StandardCharsets.UTF_8);
    }

    /** Checks that the u32 at the current position is the CRC32C of [from, position) and consumes it. */
    public void checkCrc(int from, String what) throws CorruptionException {
        int computedAt = pos;
        CRC32C crc = new CRC32C();
        crc.update(buf, from, pos - from);
        int stored = u32();
        if (stored != (int) crc.getValue()) {
            throw new CorruptionException(source, computedAt, what + " checksum mismatch");
        }
    }
}
