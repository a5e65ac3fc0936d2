package io.norn.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * An immutable label set: names sorted in ascending byte order, unique, with parallel values.
 * Empty values are allowed here; callers that follow Loki's rule "empty value = absent" drop them
 * before building. Thread-safe (immutable).
 */
public final class Labels implements Comparable<Labels> {
    public static final Labels EMPTY = new Labels(new String[0], new String[0]);

    private final String[] names;
    private final String[] values;
    private int hash;

    private Labels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
    }

    /** Builds from alternating name, value arguments. */
    public static Labels of(String... nameValues) {
        if (nameValues.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of name/value arguments: " + nameValues.length);
        }
        TreeMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            map.put(requireNonNull(nameValues[i], "name is null"), requireNonNull(nameValues[i + 1], "value is null"));
        }
        return fromSorted(map);
    }

    public static Labels of(Map<String, String> map) {
        return fromSorted(map instanceof TreeMap<String, String> t && t.comparator() == null ? t : new TreeMap<>(map));
    }

    private static Labels fromSorted(TreeMap<String, String> map) {
        if (map.isEmpty()) return EMPTY;
        String[] n = new String[map.size()];
        String[] v = new String[map.size()];
        int i = 0;
        for (Map.Entry<String, String> e : map.entrySet()) {
            n[i] = e.getKey();
            v[i++] = e.getValue();
        }
        return new Labels(n, v);
    }

    /** Trusted constructor for arrays already sorted and unique (e.g. read from a checksummed file). */
    public static Labels ofSortedArrays(String[] names, String[] values) {
        if (names.length != values.length) throw new IllegalArgumentException("names and values differ in length");
        for (int i = 1; i < names.length; i++) {
            if (names[i - 1].compareTo(names[i]) >= 0) {
                throw new IllegalArgumentException("label names not sorted or not unique: " + names[i - 1] + ", " + names[i]);
            }
        }
        return names.length == 0 ? EMPTY : new Labels(names.clone(), values.clone());
    }

    public int size() {
        return names.length;
    }

    public boolean isEmpty() {
        return names.length == 0;
    }

    public String name(int i) {
        return names[i];
    }

    public String value(int i) {
        return values[i];
    }

    /** The value of {@code name}, or "" when absent (Prometheus semantics). */
    public String get(String name) {
        int i = Arrays.binarySearch(names, name);
        return i >= 0 ? values[i] : "";
    }

    public Optional<String> find(String name) {
        int i = Arrays.binarySearch(names, name);
        return i >= 0 ? Optional.of(values[i]) : Optional.empty();
    }

    public boolean has(String name) {
        return Arrays.binarySearch(names, name) >= 0;
    }

    public List<String> names() {
        return List.of(names);
    }

    public TreeMap<String, String> toMap() {
        TreeMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < names.length; i++) map.put(names[i], values[i]);
        return map;
    }

    /** A copy without the named labels. */
    public Labels without(String... drop) {
        List<String> n = new ArrayList<>(names.length);
        List<String> v = new ArrayList<>(names.length);
        outer:
        for (int i = 0; i < names.length; i++) {
            for (String d : drop) if (d.equals(names[i])) continue outer;
            n.add(names[i]);
            v.add(values[i]);
        }
        return n.size() == names.length ? this : new Labels(n.toArray(String[]::new), v.toArray(String[]::new));
    }

    /** Loki's/Prometheus' text form: {@code {a="x", b="y"}} with Go-quoted values. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(16 * names.length + 2).append('{');
        for (int i = 0; i < names.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(names[i]).append('=');
            GoQuote.appendQuoted(sb, values[i]);
        }
        return sb.append('}').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Labels other && hashCode() == other.hashCode()
                && Arrays.equals(names, other.names) && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
            hash = h == 0 ? 1 : h;
        }
        return h;
    }

    /** Orders label sets the way Loki sorts streams: by their text form's pairs, name then value. */
    @Override
    public int compareTo(Labels o) {
        int n = Math.min(names.length, o.names.length);
        for (int i = 0; i < n; i++) {
            int c = names[i].compareTo(o.names[i]);
            if (c != 0) return c;
            c = values[i].compareTo(o.values[i]);
            if (c != 0) return c;
        }
        return Integer.compare(names.length, o.names.length);
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final TreeMap<String, String> map = new TreeMap<>();

        public Builder() {
        }

        public Builder(Labels base) {
            for (int i = 0; i < base.names.length; i++) map.put(base.names[i], base.values[i]);
        }

        public Builder set(String name, String value) {
            map.put(name, value);
            return this;
        }

        public Builder delete(String name) {
            map.remove(name);
            return this;
        }

        public String get(String name) {
            return map.getOrDefault(name, "");
        }

        public boolean has(String name) {
            return map.containsKey(name);
        }

        public Labels build() {
            return Labels.fromSorted(new TreeMap<>(map));
        }
    }
}
