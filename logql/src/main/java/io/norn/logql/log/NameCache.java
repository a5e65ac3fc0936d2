package io.norn.logql.log;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Maps raw key bytes (a JSON or logfmt key) to the label name a parser uses for it, so that steady-state parsing
 * creates no string per key. Bounded: when full it is cleared. Not thread-safe; one per stream processor.
 */
final class NameCache {
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
            if (k.length == len && Arrays.equals(k, 0, len, buf, off, off + len)) {
                String n = names[i];
                return n == ABSENT ? null : n;
            }
            i = (i + 1) & mask;
        }
        String raw = new String(buf, off, len, java.nio.charset.StandardCharsets.UTF_8);
        String name = compute.apply(raw);
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

    private static int hash(byte[] b, int off, int len) {
        int h = 1;
        for (int i = off; i < off + len; i++) h = 31 * h + b[i];
        return h ^ (h >>> 16);
    }
}
