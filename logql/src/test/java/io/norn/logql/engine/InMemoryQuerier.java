package io.norn.logql.engine;

import io.norn.iter.EntryCursor;
import io.norn.iter.StreamCursor;
import io.norn.model.Direction;
import io.norn.model.LabelMatcher;
import io.norn.model.Labels;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A hand-written {@link Querier} over streams held in memory, for engine tests. Not thread-safe while adding. */
public final class InMemoryQuerier implements Querier {
    private record Entry(long ts, byte[] line, Labels structuredMetadata) {
    }

    private final Map<Labels, List<Entry>> streams = new LinkedHashMap<>();

    public InMemoryQuerier add(Labels labels, long ts, String line) {
        return add(labels, ts, line, Labels.EMPTY);
    }

    public InMemoryQuerier add(Labels labels, long ts, String line, Labels structuredMetadata) {
        List<Entry> entries = streams.computeIfAbsent(labels, l -> new ArrayList<>());
        Entry e = new Entry(ts, line.getBytes(StandardCharsets.UTF_8), structuredMetadata);
        entries.add(e);
        if (entries.size() > 1 && entries.get(entries.size() - 2).ts() > ts) {
            entries.sort((a, b) -> Long.compare(a.ts(), b.ts()));
        }
        return this;
    }

    @Override
    public List<StreamCursor> select(SelectParams params) {
        List<StreamCursor> out = new ArrayList<>();
        for (Map.Entry<Labels, List<Entry>> s : streams.entrySet()) {
            if (!matchesAll(params.matchers(), s.getKey())) continue;
            List<Entry> selected = new ArrayList<>();
            for (Entry e : s.getValue()) {
                if (e.ts() >= params.fromNanos() && e.ts() < params.throughNanos()
                        && params.lineFilter().test(e.line(), 0, e.line().length)) {
                    selected.add(e);
                }
            }
            if (selected.isEmpty()) continue;
            if (params.direction() == Direction.BACKWARD) selected = selected.reversed();
            out.add(new StreamCursor(s.getKey(), new ListCursor(selected)));
        }
        return out;
    }

    @Override
    public List<Labels> series(List<LabelMatcher> matchers, long fromNanos, long throughNanos) {
        List<Labels> out = new ArrayList<>();
        for (Map.Entry<Labels, List<Entry>> s : streams.entrySet()) {
            if (matchesAll(matchers, s.getKey())
                    && s.getValue().stream().anyMatch(e -> e.ts() >= fromNanos && e.ts() < throughNanos)) {
                out.add(s.getKey());
            }
        }
        return out;
    }

    private static boolean matchesAll(List<LabelMatcher> matchers, Labels labels) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(labels.get(m.name()))) return false;
        }
        return true;
    }

    private static final class ListCursor implements EntryCursor {
        private final List<Entry> entries;
        private int i = -1;

        ListCursor(List<Entry> entries) {
            this.entries = entries;
        }

        @Override
        public boolean next() {
            return ++i < entries.size();
        }

        @Override
        public long ts() {
            return entries.get(i).ts();
        }

        @Override
        public byte[] line() {
            return entries.get(i).line();
        }

        @Override
        public int lineOffset() {
            return 0;
        }

        @Override
        public int lineLength() {
            return entries.get(i).line().length;
        }

        @Override
        public Labels structuredMetadata() {
            return entries.get(i).structuredMetadata();
        }

        @Override
        public void close() {
        }
    }

    @Override
    public String toString() {
        return "InMemoryQuerier" + Arrays.toString(streams.keySet().toArray());
    }
}
