package io.norn.chunkenc;

import com.github.luben.zstd.Zstd;
import io.norn.encoding.CorruptionException;

import java.util.Arrays;

/** Block compression. Thread-safe. */
public final class Codec {
    private final int id;
    private final int level;

    private Codec(int id, int level) {
        this.id = id;
        this.level = level;
    }

    public static Codec zstd(int level) {
        return new Codec(ChunkFormat.CODEC_ZSTD, level);
    }

    public static Codec none() {
        return new Codec(ChunkFormat.CODEC_NONE, 0);
    }

    public int id() {
        return id;
    }

    byte[] compress(byte[] src, int off, int len) {
        if (id == ChunkFormat.CODEC_NONE) return Arrays.copyOfRange(src, off, off + len);
        byte[] dst = new byte[(int) Zstd.compressBound(len)];
        long n = Zstd.compressByteArray(dst, 0, dst.length, src, off, len, level);
        if (Zstd.isError(n)) throw new IllegalStateException("zstd compression failed: " + Zstd.getErrorName(n));
        return Arrays.copyOf(dst, (int) n);
    }

    static void decompress(int codecId, byte[] src, int off, int len, byte[] dst, int rawLen, String source)
            throws CorruptionException {
        switch (codecId) {
            case ChunkFormat.CODEC_NONE -> {
                if (len != rawLen) throw new CorruptionException(source, off, "stored length " + len + " != raw length " + rawLen);
                System.arraycopy(src, off, dst, 0, len);
            }
            case ChunkFormat.CODEC_ZSTD -> {
                long n = Zstd.decompressByteArray(dst, 0, rawLen, src, off, len);
                if (Zstd.isError(n) || n != rawLen) {
                    throw new CorruptionException(source, off, "zstd block does not decompress to " + rawLen + " bytes");
                }
            }
            default -> throw new CorruptionException(source, off, "unknown codec " + codecId);
        }
    }
}
