package io.norn.logql.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Maps raw key bytes (a JSON or logfmt key) to the label name a parser uses for it, so that steady-state parsing
 * creates no string per key. Bounded: when full it is cleared. Names are interned, so that label lookups by a name
 * from the query (also interned) succeed on identity. Keys are looked up once per member of every line, so a slot
 * holds a key's length and its first and last eight bytes in primitive arrays: a key of up to sixteen bytes (nearly
 * all of them) is found by comparing two words, without reaching for its bytes elsewhere in memory. Not
 * thread-safe; one per stream processor.
 */
final class NameCache {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;
    private static final int MAX_ENTRIES = 4096;
    /** Keys up to this long are fully described by their first and last word. */
    private static final int WORD_KEY = 16;
    private static final String ABSENT = new String("");

    /** Key length per slot, -1 for an empty slot. */
    private int[] lengths = emptyLengths(64);
    private long[] firstWords = new long[64];
    private long[] lastWords = new long[64];
    /** The whole key, only for keys longer than {@link #WORD_KEY}. */
    private byte[][] longKeys = new byte[64][];
    private String[] names = new String[64];
    private int size;

    /** The cached name for {@code buf[off, off+len)}, computing it with {@code compute} (may return null = skip). */
    String get(byte[] buf, int off, int len, Function<String, String> compute) {
        long first = firstWord(buf, off, len);
        long last = len > 8 ? (long) LONG.get(buf, off + len - 8) : 0;
        int h = hash(first, last, len);
        int mask = lengths.length - 1;
        for (int i = h & mask; lengths[i] >= 0; i = (i + 1) & mask) {
            if (lengths[i] == len && firstWords[i] == first && lastWords[i] == last
                    && (len <= WORD_KEY || Arrays.equals(longKeys[i], 0, len, buf, off, off + len))) {
                String n = names[i];
                return n == ABSENT ? null : n;
            }
        }
        String raw = new String(buf, off, len, java.nio.charset.StandardCharsets.UTF_8);
        String name = compute.apply(raw);
        if (name != null) name = name.intern();
        if (size >= MAX_ENTRIES) {
            clear();
        } else if (size * 2 >= lengths.length) {
            grow();
        }
        byte[] longKey = len > WORD_KEY ? Arrays.copyOfRange(buf, off, off + len) : null;
        put(len, first, last, longKey, name == null ? ABSENT : name, h);
        return name;
    }

    private void put(int len, long first, long last, byte[] longKey, String name, int h) {
        int mask = lengths.length - 1;
        int i = h & mask;
        while (lengths[i] >= 0) i = (i + 1) & mask;
        lengths[i] = len;
        firstWords[i] = first;
        lastWords[i] = last;
        longKeys[i] = longKey;
        names[i] = name;
        size++;
    }

    private void clear() {
        Arrays.fill(lengths, -1);
        Arrays.fill(longKeys, null);
        Arrays.fill(names, null);
        size = 0;
    }

    private void grow() {
        int[] oldLengths = lengths;
        long[] oldFirst = firstWords;
        long[] oldLast = lastWords;
        byte[][] oldLong = longKeys;
        String[] oldNames = names;
        int n = oldLengths.length * 2;
        lengths = emptyLengths(n);
        firstWords = new long[n];
        lastWords = new long[n];
        longKeys = new byte[n][];
        names = new String[n];
        size = 0;
        for (int i = 0; i < oldLengths.length; i++) {
            int len = oldLengths[i];
            if (len >= 0) put(len, oldFirst[i], oldLast[i], oldLong[i], oldNames[i], hash(oldFirst[i], oldLast[i], len));
        }
    }

    private static int[] emptyLengths(int n) {
        int[] a = new int[n];
        Arrays.fill(a, -1);
        return a;
    }

    /** The first eight bytes of the key, or all of a shorter key with zeros above it (little-endian). */
    private static long firstWord(byte[] b, int off, int len) {
        if (len >= 8) return (long) LONG.get(b, off);
        if (off + 8 <= b.length) return (long) LONG.get(b, off) & ((1L << (len << 3)) - 1);
        long w = 0;
        for (int i = len - 1; i >= 0; i--) w = w << 8 | (b[off + i] & 0xff);
        return w;
    }

    private static int hash(long first, long last, int len) {
        long h = (first * MULTIPLIER ^ last ^ len) * MULTIPLIER;
        return (int) (h ^ (h >>> 32));
    }
}
