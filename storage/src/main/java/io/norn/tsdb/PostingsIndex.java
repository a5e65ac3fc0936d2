package io.norn.tsdb;

import io.norn.model.LabelMatcher;
import io.norn.model.Labels;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An in-memory inverted index from label name and value to the series carrying them. Matching starts from
 * the smallest posting list among matchers that reject the empty value, then checks every matcher on the
 * candidates. Thread-safe.
 */
public final class PostingsIndex<T> {
    private final Map<Labels, T> series = new HashMap<>();
    private final Map<String, TreeMap<String, Set<Labels>>> postings = new HashMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /** Returns the existing value for {@code labels}, or adds {@code value}. */
    public T putIfAbsent(Labels labels, T value) {
        lock.writeLock().lock();
        try {
            T existing = series.get(labels);
            if (existing != null) return existing;
            series.put(labels, value);
            for (int i = 0; i < labels.size(); i++) {
                postings.computeIfAbsent(labels.name(i), n -> new TreeMap<>())
                        .computeIfAbsent(labels.value(i), v -> new HashSet<>()).add(labels);
            }
            return value;
        } finally {
            lock.writeLock().unlock();
        }
    }

    public T get(Labels labels) {
        lock.readLock().lock();
        try {
            return series.get(labels);
        } finally {
            lock.readLock().unlock();
        }
    }

    public void remove(Labels labels) {
        lock.writeLock().lock();
        try {
            if (series.remove(labels) == null) return;
            for (int i = 0; i < labels.size(); i++) {
                TreeMap<String, Set<Labels>> values = postings.get(labels.name(i));
                Set<Labels> set = values.get(labels.value(i));
                set.remove(labels);
                if (set.isEmpty()) values.remove(labels.value(i));
                if (values.isEmpty()) postings.remove(labels.name(i));
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return series.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Series matching every matcher (all series when there is no matcher). */
    public List<T> select(List<LabelMatcher> matchers) {
        List<T> out = new ArrayList<>();
        forEachMatching(matchers, l -> out.add(series.get(l)));
        return out;
    }

    /** Calls {@code consumer} with the labels of each series matching every matcher, under the read lock. */
    public void forEachMatching(List<LabelMatcher> matchers, java.util.function.Consumer<Labels> consumer) {
        lock.readLock().lock();
        try {
            Collection<Labels> candidates = null;
            for (LabelMatcher m : matchers) {
                if (m.matchesEmpty()) continue;
                Set<Labels> set = postingsFor(m);
                if (candidates == null || set.size() < candidates.size()) candidates = set;
                if (candidates.isEmpty()) return;
            }
            if (candidates == null) candidates = series.keySet();
            for (Labels l : candidates) {
                if (matchesAll(matchers, l)) consumer.accept(l);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private Set<Labels> postingsFor(LabelMatcher m) {
        TreeMap<String, Set<Labels>> values = postings.get(m.name());
        if (values == null) return Set.of();
        if (m.type() == LabelMatcher.Type.EQ) return values.getOrDefault(m.value(), Set.of());
        Set<Labels> out = new HashSet<>();
        for (Map.Entry<String, Set<Labels>> e : values.entrySet()) {
            if (m.matches(e.getKey())) out.addAll(e.getValue());
        }
        return out;
    }

    public static boolean matchesAll(List<LabelMatcher> matchers, Labels labels) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(labels.get(m.name()))) return false;
        }
        return true;
    }

    public Set<String> labelNames() {
        lock.readLock().lock();
        try {
            return new TreeSet<>(postings.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }
}
