package io.norn.chunkenc;

import io.norn.encoding.ByteReader;
import io.norn.encoding.CorruptionException;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a chunk's header and returns its blocks, which reference {@code data} without copying. The header
 * checksum is verified here; each block's checksum when it is decoded.
 */
public final class ChunkReader {
    private static final int MAX_BLOCKS = 1 << 20;

    private ChunkReader() {
    }

    public static List<Block> read(byte[] data, int off, int len, String source) throws CorruptionException {
        ByteReader r = new ByteReader(data, off, len, source);
        int magic = r.u32();
        if (magic != ChunkFormat.MAGIC) throw new CorruptionException(source, off, "not a chunk (bad magic)");
        int version = r.u8();
        if (version < ChunkFormat.VERSION_MIN) throw new CorruptionException(source, off + 4, "chunk version too old: " + version);
        if (version > ChunkFormat.VERSION_CURRENT) throw new CorruptionException(source, off + 4, "chunk version too new: " + version);
        int codec = r.u8();
        int n = r.uvarintInt(MAX_BLOCKS, "block count");
        long[] minTs = new long[n];
        long[] maxTs = new long[n];
        int[] count = new int[n];
        int[] metaRaw = new int[n];
        int[] metaLen = new int[n];
        int[] textRaw = new int[n];
        int[] textLen = new int[n];
        int[] jsonRaw = new int[n];
        int[] jsonLen = new int[n];
        int[] crc = new int[n];
        for (int i = 0; i < n; i++) {
            minTs[i] = r.i64();
            maxTs[i] = r.i64();
            count[i] = r.uvarintInt(Integer.MAX_VALUE - 8, "entry count");
            metaRaw[i] = r.uvarintInt(Integer.MAX_VALUE - 8, "meta length");
            metaLen[i] = r.uvarintInt(len, "stored meta length");
            textRaw[i] = r.uvarintInt(Integer.MAX_VALUE - 8, "text length");
            textLen[i] = r.uvarintInt(len, "stored text length");
            if (version >= ChunkFormat.VERSION_JSON_COLUMNS) {
                jsonRaw[i] = r.uvarintInt(Integer.MAX_VALUE - 8, "json column length");
                jsonLen[i] = r.uvarintInt(len, "stored json column length");
                if ((jsonRaw[i] == 0) != (jsonLen[i] == 0)) throw new CorruptionException(source, r.position(), "invalid block header");
            }
            crc[i] = r.u32();
            if (minTs[i] > maxTs[i] || count[i] == 0) throw new CorruptionException(source, r.position(), "invalid block header");
        }
        NgramFilter ngrams = version >= ChunkFormat.VERSION_NGRAMS ? NgramFilter.read(r, source) : NgramFilter.UNKNOWN;
        r.checkCrc(off, "chunk header");
        List<Block> blocks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int at = r.skip(metaLen[i] + textLen[i] + jsonLen[i]);
            blocks.add(new Block(version, minTs[i], maxTs[i], count[i], codec, data, at, metaRaw[i], metaLen[i], textRaw[i], textLen[i],
                    jsonRaw[i], jsonLen[i], crc[i], source, ngrams));
        }
        if (r.remaining() != 0) throw new CorruptionException(source, r.position(), r.remaining() + " trailing bytes after chunk");
        return blocks;
    }
}
