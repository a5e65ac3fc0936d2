package io.norn.chunkenc;

import io.norn.encoding.ByteReader;
import io.norn.encoding.CorruptionException;
import io.norn.encoding.Crc;
import io.norn.logql.log.JsonColumns;
import io.norn.model.Labels;

/**
 * An immutable, compressed block of one stream's entries sorted by timestamp. The compressed meta, text and json
 * columns live in {@code data} (which may be a whole chunk or segment read), one after the other; the json column is
 * empty (both lengths 0) for blocks without one. Decoding checks the CRC32C.
 * {@code ngrams} describes the block's text (a head block) or its whole chunk's (a block read from the store).
 * Thread-safe.
 */
public record Block(int version, long minTs, long maxTs, int count, int codec, byte[] data, int metaOff, int metaRawLen,
                    int metaLen, int textRawLen, int textLen, int jsonRawLen, int jsonLen, int crc, String source,
                    NgramFilter ngrams) {

    /** Compressed size of this block on disk. */
    public int storedBytes() {
        return metaLen + textLen + jsonLen;
    }

    /** Heap held by a head block: its compressed columns and its n-gram filter. */
    public int heapBytes() {
        return storedBytes() + ngrams.memoryBytes();
    }

    public boolean overlaps(long fromNanos, long throughNanos) {
        return maxTs >= fromNanos && minTs < throughNanos;
    }

    /** Decodes the meta column: timestamps, line lengths and structured metadata; the text stays compressed. */
    public DecodedBlock decodeMeta() throws CorruptionException {
        if (Crc.crc32c(data, metaOff, storedBytes()) != crc) {
            throw new CorruptionException(source, metaOff, "block checksum mismatch");
        }
        byte[] meta = new byte[metaRawLen];
        Codec.decompress(codec, data, metaOff, metaLen, meta, metaRawLen, source);
        ByteReader r = new ByteReader(meta, 0, meta.length, source);
        long[] ts = new long[count];
        int[] offs = new int[count + 1];
        r.deltas(r.i64(), ts);
        r.offsets(offs, textRawLen, "line length");
        Labels[] sm = null;
        int flag = r.u8();
        if (flag == ChunkFormat.META_STRUCTURED_METADATA_SETS && version >= ChunkFormat.VERSION_SM_SETS) {
            int sets = r.uvarintInt(count, "structured metadata set count");
            Labels[] table = new Labels[sets + 1];
            table[0] = Labels.EMPTY;
            for (int i = 1; i <= sets; i++) {
                int n = r.uvarintInt(r.remaining(), "structured metadata pair count");
                String[] kv = new String[2 * n];
                for (int j = 0; j < 2 * n; j++) kv[j] = r.string();
                table[i] = Labels.of(kv);
            }
            sm = new Labels[count];
            for (int i = 0; i < count; i++) sm[i] = table[r.uvarintInt(sets, "structured metadata set number")];
        } else if (flag == ChunkFormat.META_STRUCTURED_METADATA && version == 1) {
            sm = new Labels[count];
            for (int i = 0; i < count; i++) {
                int n = r.uvarintInt(r.remaining(), "structured metadata count");
                if (n == 0) {
                    sm[i] = Labels.EMPTY;
                    continue;
                }
                String[] kv = new String[2 * n];
                for (int j = 0; j < 2 * n; j++) kv[j] = r.string();
                sm[i] = Labels.of(kv);
            }
        } else if (flag != ChunkFormat.META_NO_STRUCTURED_METADATA) {
            throw new CorruptionException(source, r.position(), "unknown structured metadata flag " + flag);
        }
        return new DecodedBlock(this, ts, offs, sm);
    }

    /** Decompresses the line text of this block, into {@code spare} if it is not null and large enough. */
    byte[] decodeText(byte[] spare) throws CorruptionException {
        byte[] text = spare != null && spare.length >= textRawLen ? spare : new byte[textRawLen];
        Codec.decompress(codec, data, metaOff + metaLen, textLen, text, textRawLen, source);
        return text;
    }

    /** The block's json column, or null when it has none; a column's values are decoded when first read. */
    JsonColumns decodeJsonColumns() throws CorruptionException {
        if (jsonRawLen == 0) return null;
        byte[] raw = new byte[jsonRawLen];
        Codec.decompress(codec, data, metaOff + metaLen + textLen, jsonLen, raw, jsonRawLen, source);
        return StoredJsonColumns.read(raw, count, source);
    }
}
