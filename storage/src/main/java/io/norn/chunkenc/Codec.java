package io.norn.chunkenc;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import io.norn.encoding.CorruptionException;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Block compression. Native zstd contexts are costly to create, so a bounded pool of them is reused (a
 * thread-local would not do: requests run on short-lived virtual threads). Thread-safe.
 */
public final class Codec {
    private static final int POOL_SIZE = 2 * Runtime.getRuntime().availableProcessors();
    private static final BlockingQueue<ZstdDecompressCtx> DECOMPRESSORS = new ArrayBlockingQueue<>(POOL_SIZE);

    private final int id;
    private final int level;
    private final BlockingQueue<Compressor> compressors = new ArrayBlockingQueue<>(POOL_SIZE);

    /** A native context with its output buffer, reused so that compressing a block allocates only the result. */
    private static final class Compressor {
        final ZstdCompressCtx ctx;
        byte[] out = new byte[0];

        Compressor(int level) {
            ctx = new ZstdCompressCtx().setLevel(level);
        }
    }

    private Codec(int id, int level) {
        this.id = id;
        this.level = level;
    }

    /** A zstd codec; its first context is made now, so that loading the native library does not delay a push. */
    public static Codec zstd(int level) {
        Codec c = new Codec(ChunkFormat.CODEC_ZSTD, level);
        c.compressors.offer(new Compressor(level));
        return c;
    }

    public static Codec none() {
        return new Codec(ChunkFormat.CODEC_NONE, 0);
    }

    public int id() {
        return id;
    }

    /**
     * Columns compressed one after the other into {@code data}: the first takes {@code firstLen} bytes, the second
     * {@code secondLen}, the third the rest.
     */
    record Columns(byte[] data, int firstLen, int secondLen) {
    }

    /**
     * Compresses a block's meta, text and json columns into one array, with no intermediate copies. A column of raw
     * length 0 (no json column, or only empty lines) takes no bytes.
     */
    Columns compressColumns(byte[] first, int firstOff, int firstLen, byte[] second, int secondOff, int secondLen,
                            byte[] third, int thirdOff, int thirdLen) {
        if (id == ChunkFormat.CODEC_NONE) {
            byte[] data = new byte[firstLen + secondLen + thirdLen];
            System.arraycopy(first, firstOff, data, 0, firstLen);
            System.arraycopy(second, secondOff, data, firstLen, secondLen);
            System.arraycopy(third, thirdOff, data, firstLen + secondLen, thirdLen);
            return new Columns(data, firstLen, secondLen);
        }
        Compressor c = compressors.poll();
        if (c == null) c = new Compressor(level);
        try {
            int bound = (int) (Zstd.compressBound(firstLen) + Zstd.compressBound(secondLen) + Zstd.compressBound(thirdLen));
            // grown by half at least: the first blocks of new streams come in staggered sizes, and each buffer
            // replaced early would be promoted garbage
            if (c.out.length < bound) c.out = new byte[Math.max(bound, c.out.length + c.out.length / 2)];
            int n1 = compress(c, 0, first, firstOff, firstLen);
            int n2 = compress(c, n1, second, secondOff, secondLen);
            int n3 = compress(c, n1 + n2, third, thirdOff, thirdLen);
            return new Columns(Arrays.copyOf(c.out, n1 + n2 + n3), n1, n2);
        } finally {
            if (!compressors.offer(c)) c.ctx.close();
        }
    }

    private static int compress(Compressor c, int at, byte[] src, int off, int len) {
        if (len == 0) return 0;
        return c.ctx.compressByteArray(c.out, at, c.out.length - at, src, off, len);
    }

    static void decompress(int codecId, byte[] src, int off, int len, byte[] dst, int rawLen, String source)
            throws CorruptionException {
        if (rawLen == 0 && len == 0) return;
        switch (codecId) {
            case ChunkFormat.CODEC_NONE -> {
                if (len != rawLen) throw new CorruptionException(source, off, "stored length " + len + " != raw length " + rawLen);
                System.arraycopy(src, off, dst, 0, len);
            }
            case ChunkFormat.CODEC_ZSTD -> {
                ZstdDecompressCtx ctx = DECOMPRESSORS.poll();
                if (ctx == null) ctx = new ZstdDecompressCtx();
                try {
                    if (ctx.decompressByteArray(dst, 0, rawLen, src, off, len) != rawLen) {
                        throw new CorruptionException(source, off, "zstd block does not decompress to " + rawLen + " bytes");
                    }
                } catch (com.github.luben.zstd.ZstdException e) {
                    throw new CorruptionException(source, off, "zstd block does not decompress: " + e.getMessage());
                } finally {
                    if (!DECOMPRESSORS.offer(ctx)) ctx.close();
                }
            }
            default -> throw new CorruptionException(source, off, "unknown codec " + codecId);
        }
    }
}
