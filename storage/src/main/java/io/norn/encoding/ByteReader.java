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

    /**
     * Reads {@code out.length - 1} uvarints as differences: {@code out[0] = first}, then each value is the previous
     * one plus the next varint (block timestamps). One tight loop: this runs for every entry a query reads.
     */
    public void deltas(long first, long[] out) throws CorruptionException {
        if (out.length == 0) return;
        out[0] = first;
        long t = first;
        int i = 1;
        int p = pos;
        // while the longest varint fits, bytes are read without bounds checks of their own
        for (; i < out.length && end - p >= 10; i++) {
            byte b = buf[p++];
            long v = b & 0x7F;
            for (int shift = 7; b < 0; shift += 7) {
                if (shift > 63) throw new CorruptionException(source, p, "varint overflows 64 bits");
                b = buf[p++];
                v |= (long) (b & 0x7F) << shift;
            }
            t += v;
            out[i] = t;
        }
        pos = p;
        for (; i < out.length; i++) {
            t += uvarint();
            out[i] = t;
        }
    }

    /**
     * Reads {@code offsets.length - 1} uvarint lengths into running offsets from 0 ({@code offsets[i+1] =
     * offsets[i] + length i}); the total must be exactly {@code total}.
     */
    public void offsets(int[] offsets, int total, String what) throws CorruptionException {
        int sum = 0;
        int i = 0;
        int p = pos;
        for (int n = offsets.length - 1; i < n && end - p >= 5; i++) {
            offsets[i] = sum;
            byte b = buf[p++];
            int v = b & 0x7F;
            for (int shift = 7; b < 0; shift += 7) {
                if (shift > 28) throw new CorruptionException(source, p, what + " out of range");
                b = buf[p++];
                v |= (b & 0x7F) << shift;
            }
            if (v < 0 || (sum += v) > total || sum < 0) throw new CorruptionException(source, p, what + "s exceed " + total);
        }
        pos = p;
        for (int n = offsets.length - 1; i < n; i++) {
            offsets[i] = sum;
            sum += uvarintInt(total - sum, what);
        }
        if (sum != total) throw new CorruptionException(source, pos, what + "s add up to " + sum + ", not " + total);
        offsets[offsets.length - 1] = sum;
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
