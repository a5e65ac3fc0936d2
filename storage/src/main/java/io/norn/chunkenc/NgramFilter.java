package io.norn.chunkenc;

import io.norn.encoding.ByteReader;
import io.norn.encoding.ByteWriter;
import io.norn.encoding.CorruptionException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * The byte trigrams that occur in a block's (or a chunk's) line text, hashed into buckets, so that a query whose
 * matching lines must all contain some literal can skip data that cannot hold it. False positives are possible,
 * false negatives never. Two choices keep it small and cheap to build:
 * <ul>
 * <li>Digits are folded to {@code 0} on both sides: ids, counters and timestamps would otherwise fill it.</li>
 * <li>Only trigrams starting at every second byte are recorded. An occurrence of a literal of four or more bytes
 * then has all its trigrams at even offsets recorded (when it starts at an even position) or all those at odd
 * offsets (when it starts at an odd one); the literal may be present if either group is complete.</li>
 * </ul>
 * Trigrams are hashed to 16 bits with a seed that changes from one chunk of a stream to the next, so that a
 * trigram colliding with one of a stream's usual trigrams in one chunk need not collide in the next (the chunks of
 * a stream hold much the same trigrams); the 64 KB map this needs while a block is indexed stays in a near cache.
 * Immutable and thread-safe. The stored form is the width, the seed, the bucket count and the sorted buckets as
 * uvarint deltas (docs/format/chunk.md).
 */
public final class NgramFilter {
    /** Knows nothing: every literal may be present (data written before filters existed). */
    public static final NgramFilter UNKNOWN = new NgramFilter(0, 0, 0, new byte[0]);

    /** Width of the hash built at ingest; stored filters keep its top bits, about 64 buckets per trigram. */
    static final int HASH_BITS = 16;
    private static final int MIN_STORED_BITS = 8;
    /** Buckets per recorded trigram when a chunk's filter is narrowed for storage. */
    private static final int BUCKETS_PER_TRIGRAM = 64;
    private static final int MIN_LITERAL = 4;
    private static final byte[] FOLD = new byte[256];

    static {
        for (int i = 0; i < 256; i++) FOLD[i] = (byte) (i >= '0' && i <= '9' ? '0' : i);
    }

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int MULTIPLIER = 0x9E3779B1;
    /**
     * Bucket maps for {@link #of}, reused (cleared) from one filter to the next: blocks are sealed on the sealer's
     * thread and, when it falls behind, on short-lived request threads.
     */
    private static final ArrayBlockingQueue<Scratch> SCRATCHES = new ArrayBlockingQueue<>(4);
    private static final ThreadLocal<long[]> SCRATCH = ThreadLocal.withInitial(() -> new long[(1 << HASH_BITS) / 64]);

    /** Buckets are the top {@code bits} bits of the {@value #HASH_BITS}-bit hash; 0 for {@link #UNKNOWN}. */
    private final int bits;
    private final int seed;
    private final int count;
    private final byte[] deltas;

    private NgramFilter(int bits, int seed, int count, byte[] deltas) {
        this.bits = bits;
        this.seed = seed;
        this.count = count;
        this.deltas = deltas;
    }

    /** The filter of {@code text[off, off+len)}; the blocks of one chunk must share the {@code seed}. */
    public static NgramFilter of(byte[] text, int off, int len, int seed) {
        Scratch scratch = SCRATCHES.poll();
        if (scratch == null) scratch = new Scratch();
        NgramFilter f = of(text, off, len, seed, scratch);
        SCRATCHES.offer(scratch);
        return f;
    }

    /** A bucket map with every byte 0 and room for the largest filter's deltas. */
    private static final class Scratch {
        // one byte per bucket: plain stores, no read-modify-write chains on the hot loop
        final byte[] seen = new byte[1 << HASH_BITS];
        final byte[] deltas = new byte[3 << HASH_BITS];
    }

    private static NgramFilter of(byte[] text, int off, int len, int seed, Scratch scratch) {
        byte[] seen = scratch.seen;
        int i = off;
        // the trigrams at offsets 0, 2 and 4 of a word, digits folded in the whole word; two words a step (their six
        // independent hashes overlap in the pipeline), then one
        for (int stepEnd = off + len - 14; i <= stepEnd; i += 12) {
            long w = foldDigits((long) LONG.get(text, i));
            long v = foldDigits((long) LONG.get(text, i + 6));
            int a = mix((int) w & 0xFFFFFF, seed);
            int b = mix((int) (w >>> 16) & 0xFFFFFF, seed);
            int c = mix((int) (w >>> 32) & 0xFFFFFF, seed);
            int d = mix((int) v & 0xFFFFFF, seed);
            int e = mix((int) (v >>> 16) & 0xFFFFFF, seed);
            int f = mix((int) (v >>> 32) & 0xFFFFFF, seed);
            seen[a] = 1;
            seen[b] = 1;
            seen[c] = 1;
            seen[d] = 1;
            seen[e] = 1;
            seen[f] = 1;
        }
        for (int wordEnd = off + len - 8; i <= wordEnd; i += 6) {
            long w = foldDigits((long) LONG.get(text, i));
            seen[mix((int) w & 0xFFFFFF, seed)] = 1;
            seen[mix((int) (w >>> 16) & 0xFFFFFF, seed)] = 1;
            seen[mix((int) (w >>> 32) & 0xFFFFFF, seed)] = 1;
        }
        for (int end = off + len - 2; i < end; i += 2) seen[hash(text[i], text[i + 1], text[i + 2], seed)] = 1;
        return collect(seen, scratch.deltas, seed);
    }

    /**
     * The filter of the marked buckets (bytes 0 or 1) of {@code seen}, which it clears for the next filter: reading the
     * map in order yields the buckets sorted. Eight buckets at a time; a delta below 2^16 takes at most three bytes
     * of {@code out}.
     */
    private static NgramFilter collect(byte[] seen, byte[] out, int seed) {
        int marked = 0;
        int pos = 0;
        int prev = 0;
        for (int at = 0; at < seen.length; at += 8) {
            long word = (long) LONG.get(seen, at);
            if (word == 0) continue;
            LONG.set(seen, at, 0L);
            do {
                // a marked byte is 0x01: its lowest bit is the only one set
                int h = at + (Long.numberOfTrailingZeros(word) >>> 3);
                word &= word - 1;
                marked++;
                int d = h - prev;
                prev = h;
                if (d < 0x80) {
                    out[pos++] = (byte) d;
                } else if (d < 0x4000) {
                    out[pos++] = (byte) (d | 0x80);
                    out[pos++] = (byte) (d >>> 7);
                } else {
                    out[pos++] = (byte) (d | 0x80);
                    out[pos++] = (byte) ((d >>> 7) | 0x80);
                    out[pos++] = (byte) (d >>> 14);
                }
            } while (word != 0);
        }
        return new NgramFilter(HASH_BITS, seed, marked, Arrays.copyOf(out, pos));
    }

    /**
     * The union of {@code filters} (all built by {@link #of} with one seed), narrowed to as few hash bits as keep
     * about 64 buckets per distinct trigram; {@link #UNKNOWN} if any of them is unknown or their seeds differ.
     */
    public static NgramFilter union(List<NgramFilter> filters) {
        if (filters.isEmpty()) return UNKNOWN;
        int seed = filters.getFirst().seed;
        long[] seen = SCRATCH.get();
        try {
            for (NgramFilter f : filters) {
                if (f.bits != HASH_BITS || f.seed != seed) return UNKNOWN;
                f.forEach(h -> seen[h >>> 6] |= 1L << h);
            }
            int distinct = 0;
            for (long x : seen) distinct += Long.bitCount(x);
            int stored = MIN_STORED_BITS;
            while (stored < HASH_BITS && (1L << stored) < (long) distinct * BUCKETS_PER_TRIGRAM) stored++;
            int shift = HASH_BITS - stored;
            // keeping the top bits of sorted hashes keeps them sorted
            ByteWriter w = new ByteWriter(distinct + 16);
            int count = 0;
            int prev = -1;
            for (int word = 0; word < seen.length; word++) {
                for (long x = seen[word]; x != 0; x &= x - 1) {
                    int b = ((word << 6) | Long.numberOfTrailingZeros(x)) >>> shift;
                    if (b == prev) continue;
                    w.uvarint(prev < 0 ? b : b - prev);
                    prev = b;
                    count++;
                }
            }
            return new NgramFilter(stored, seed, count, w.toByteArray());
        } finally {
            Arrays.fill(seen, 0);
        }
    }

    /** False only when some literal cannot occur in the data this filter describes. */
    public boolean mightContainAll(List<byte[]> literals) {
        return mightContainAll(literals, false);
    }

    /**
     * False only when some literal cannot occur in the data even ignoring ASCII case; {@code lowerLiterals} are
     * lower-case ASCII.
     */
    public boolean mightContainAllIgnoringCase(List<byte[]> lowerLiterals) {
        return mightContainAll(lowerLiterals, true);
    }

    private boolean mightContainAll(List<byte[]> literals, boolean anyCase) {
        if (bits == 0) return true;
        int[] buckets = null;
        for (byte[] lit : literals) {
            if (lit.length < MIN_LITERAL) continue;
            if (buckets == null) buckets = buckets();
            if (!complete(buckets, lit, 0, anyCase) && !complete(buckets, lit, 1, anyCase)) return false;
        }
        return true;
    }

    /** Whether every trigram of {@code lit} at offsets {@code first, first+2, ...} is present (in some case). */
    private boolean complete(int[] buckets, byte[] lit, int first, boolean anyCase) {
        int variants = anyCase ? 8 : 1;
        for (int i = first; i + 2 < lit.length; i += 2) {
            boolean present = false;
            for (int variant = 0; variant < variants && !present; variant++) {
                int h = hash(caseVariant(lit[i], variant & 1), caseVariant(lit[i + 1], variant & 2), caseVariant(lit[i + 2], variant & 4), seed);
                present = Arrays.binarySearch(buckets, h >>> (HASH_BITS - bits)) >= 0;
            }
            if (!present) return false;
        }
        return true;
    }

    private static byte caseVariant(byte lower, int upper) {
        return upper != 0 && lower >= 'a' && lower <= 'z' ? (byte) (lower - 32) : lower;
    }

    /** The buckets, in increasing order. */
    int[] buckets() {
        int[] out = new int[count];
        int[] n = {0};
        forEach(b -> out[n[0]++] = b);
        return out;
    }

    private interface BucketVisitor {
        void visit(int bucket);
    }

    private void forEach(BucketVisitor v) {
        int pos = 0;
        int value = 0;
        for (int i = 0; i < count; i++) {
            int shift = 0;
            int delta = 0;
            byte b;
            do {
                b = deltas[pos++];
                delta |= (b & 0x7f) << shift;
                shift += 7;
            } while (b < 0);
            value += delta;
            v.visit(value);
        }
    }

    /** The hash of three bytes (the first one lowest, as a little-endian read gives them). */
    private static int hash(byte a, byte b, byte c, int seed) {
        return mix((FOLD[a & 0xff] & 0xff) | (FOLD[b & 0xff] & 0xff) << 8 | (FOLD[c & 0xff] & 0xff) << 16, seed);
    }

    private static int mix(int trigram, int seed) {
        return ((trigram ^ seed) * MULTIPLIER) >>> (32 - HASH_BITS);
    }

    /** Every byte '0'..'9' of the word replaced by '0'. */
    private static long foldDigits(long w) {
        long x = w ^ 0x3030303030303030L; // digits become 0..9
        // high bit set in bytes that are not 0..9: >= 10 (adding 0x76 carries into bit 7) or >= 0x80 already
        long notDigit = ((x & 0x7F7F7F7F7F7F7F7FL) + 0x7676767676767676L | x) & 0x8080808080808080L;
        long digitHigh = ~notDigit & 0x8080808080808080L;
        // 0xFF in digit bytes without a multiply (0x80 - 0x01 = 0x7F, then the high bit back); a digit 0x30..0x39
        // becomes '0' by clearing its low four bits
        long digitBytes = digitHigh - (digitHigh >>> 7) | digitHigh;
        return w & ~(digitBytes & 0x0F0F0F0F0F0F0F0FL);
    }

    /** Heap bytes held. */
    public int memoryBytes() {
        return deltas.length + 32;
    }

    /** Writes the stored form: hash bits (0 = unknown), then seed, bucket count and deltas. */
    void write(ByteWriter out) {
        out.u8(bits);
        if (bits == 0) return;
        out.u32(seed).uvarint(count).uvarint(deltas.length).bytes(deltas);
    }

    static NgramFilter read(ByteReader r, String source) throws CorruptionException {
        int bits = r.u8();
        if (bits == 0) return UNKNOWN;
        if (bits < MIN_STORED_BITS || bits > HASH_BITS) throw new CorruptionException(source, r.position() - 1, "invalid n-gram filter width " + bits);
        int seed = r.u32();
        int count = r.uvarintInt(1 << bits, "n-gram filter size");
        int len = r.uvarintInt(r.remaining(), "n-gram filter length");
        int at = r.skip(len);
        byte[] deltas = Arrays.copyOfRange(r.buffer(), at, at + len);
        NgramFilter f = new NgramFilter(bits, seed, count, deltas);
        f.check(source, at);
        return f;
    }

    /** Checks that the deltas decode to exactly {@code count} increasing buckets below 2^bits. */
    private void check(String source, int at) throws CorruptionException {
        int pos = 0;
        long value = -1;
        for (int i = 0; i < count; i++) {
            long delta = 0;
            int shift = 0;
            while (true) {
                if (pos >= deltas.length || shift > 28) throw new CorruptionException(source, at + pos, "truncated n-gram filter");
                byte b = deltas[pos++];
                delta |= (long) (b & 0x7f) << shift;
                shift += 7;
                if (b >= 0) break;
            }
            if (i > 0 && delta == 0) throw new CorruptionException(source, at + pos, "n-gram filter buckets not increasing");
            value = (i == 0 ? 0 : value) + delta;
            if (value >= 1L << bits) throw new CorruptionException(source, at + pos, "n-gram filter bucket out of range");
        }
        if (pos != deltas.length) throw new CorruptionException(source, at + pos, "trailing bytes in n-gram filter");
    }
}
