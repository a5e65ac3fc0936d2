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

    /** Two columns compressed one after the other into {@code data}: the first takes {@code firstLen} bytes. */
    record Columns(byte[] data, int firstLen) {
    }

    /**
     * Compresses {@code first} and then {@code second} into one array (a block's meta and text columns), with no
     * intermediate copies.
     */
    Columns compressColumns(byte[] first, int firstOff, int firstLen, byte[] second, int secondOff, int secondLen) {
        if (id == ChunkFormat.CODEC_NONE) {
            byte[] data = new byte[firstLen + secondLen];
            System.arraycopy(first, firstOff, data, 0, firstLen);
            System.arraycopy(second, secondOff, data, firstLen, secondLen);
            return new Columns(data, firstLen);
        }
        Compressor c = compressors.poll();
        if (c == null) c = new Compressor(level);
        try {
            int firstBound = (int) Zstd.compressBound(firstLen);
            int bound = firstBound + (int) Zstd.compressBound(secondLen);
            // grown by half at least: the first blocks of new streams come in staggered sizes, and each buffer
            // replaced early would be promoted garbage
            if (c.out.length < bound) c.out = new byte[Math.max(bound, c.out.length + c.out.length / 2)];
            int n1 = c.ctx.compressByteArray(c.out, 0, firstBound, first, firstOff, firstLen);
            int n2 = c.ctx.compressByteArray(c.out, n1, c.out.length - n1, second, secondOff, secondLen);
            return new Columns(Arrays.copyOf(c.out, n1 + n2), n1);
        } finally {
            if (!compressors.offer(c)) c.ctx.close();
        }
    }

    static void decompress(int codecId, byte[] src, int off, int len, byte[] dst, int rawLen, String source)
            throws CorruptionException {
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
