package io.norn.logql.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Maps raw key bytes (a JSON or logfmt key) to the label name a parser uses for it, so that steady-state parsing
 * creates no string per key. Bounded: when full it is cleared. Names are interned, so that label lookups by a name
 * from the query (also interned) succeed on identity. Keys are hashed and compared a word at a time: they are short
 * and looked up once per member of every line. Not thread-safe; one per stream processor.
 */
final class NameCache {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;
    private static final int MAX_ENTRIES = 4096;
    private static final String ABSENT = new String("");

    private byte[][] keys = new byte[64][];
    private String[] names = new String[64];
    private int size;

    /** The cached name for {@code buf[off, off+len)}, computing it with {@code compute} (may return null = skip). */
    String get(byte[] buf, int off, int len, Function<String, String> compute) {
        int h = hash(buf, off, len);
        int mask = keys.length - 1;
        int i = h & mask;
        while (true) {
            byte[] k = keys[i];
            if (k == null) break;
            if (k.length == len && sameBytes(k, buf, off, len)) {
                String n = names[i];
                return n == ABSENT ? null : n;
            }
            i = (i + 1) & mask;
        }
        String raw = new String(buf, off, len, java.nio.charset.StandardCharsets.UTF_8);
        String name = compute.apply(raw);
        if (name != null) name = name.intern();
        if (size >= MAX_ENTRIES) {
            Arrays.fill(keys, null);
            Arrays.fill(names, null);
            size = 0;
        } else if (size * 2 >= keys.length) {
            grow();
        }
        put(Arrays.copyOfRange(buf, off, off + len), name == null ? ABSENT : name, h);
        return name;
    }

    private void put(byte[] key, String name, int h) {
        int mask = keys.length - 1;
        int i = h & mask;
        while (keys[i] != null) i = (i + 1) & mask;
        keys[i] = key;
        names[i] = name;
        size++;
    }

    private void grow() {
        byte[][] oldKeys = keys;
        String[] oldNames = names;
        keys = new byte[oldKeys.length * 2][];
        names = new String[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) put(oldKeys[i], oldNames[i], hash(oldKeys[i], 0, oldKeys[i].length));
        }
    }

    /** Whether {@code key} (of length {@code len}) equals {@code b[off, off+len)}. */
    private static boolean sameBytes(byte[] key, byte[] b, int off, int len) {
        if (len >= 8) {
            // whole words, the last one overlapping the one before it
            int i = 0;
            for (; i < len - 8; i += 8) if ((long) LONG.get(key, i) != (long) LONG.get(b, off + i)) return false;
            return (long) LONG.get(key, len - 8) == (long) LONG.get(b, off + len - 8);
        }
        if (len >= 4) {
            return (int) INT.get(key, 0) == (int) INT.get(b, off) && (int) INT.get(key, len - 4) == (int) INT.get(b, off + len - 4);
        }
        // 0 to 3 bytes: the first, middle and last byte cover them all
        return len == 0 || key[0] == b[off] && key[len >> 1] == b[off + (len >> 1)] && key[len - 1] == b[off + len - 1];
    }

    /** Mixes the first and last word of the key (the whole key when shorter) with its length. */
    private static int hash(byte[] b, int off, int len) {
        long h;
        if (len >= 8) {
            h = (long) LONG.get(b, off) * MULTIPLIER ^ (long) LONG.get(b, off + len - 8);
        } else if (len >= 4) {
            h = ((long) (int) INT.get(b, off) << 32) ^ ((int) INT.get(b, off + len - 4) & 0xFFFFFFFFL);
        } else {
            h = 0;
            for (int i = off; i < off + len; i++) h = h << 8 | (b[i] & 0xff);
        }
        h = (h + len) * MULTIPLIER;
        return (int) (h ^ (h >>> 32));
    }
}
