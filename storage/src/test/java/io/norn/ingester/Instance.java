package io.norn.ingester;

import io.norn.iter.EntryCursor;
import io.norn.iter.StreamCursor;
import io.norn.logql.engine.LinePredicate;
import io.norn.logql.engine.SelectParams;
import io.norn.model.Direction;
import io.norn.model.LabelMatcher;
import io.norn.model.Labels;
import io.norn.store.FileChunkStore;
import io.norn.store.StoreQuerier;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An ingester and its chunk store over one data directory ({@code wal/} and {@code chunks/}), as the server wires them. */
final class Instance implements AutoCloseable {
    final Path root;
    final FileChunkStore store;
    final Ingester ingester;

    Instance(Path root, IngesterConfig cfg, InstantSource clock) throws IOException {
        this.root = root;
        this.store = new FileChunkStore(root.resolve("chunks"), 1 << 20);
        Ingester i;
        try {
            i = new Ingester(root.resolve("wal"), store, cfg, clock, IngesterMetrics.NONE);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        this.ingester = i;
    }

    Path walDir() {
        return root.resolve("wal");
    }

    PushResult push(String tenant, Labels labels, long[] ts, String... lines) throws IOException, InterruptedException {
        byte[][] b = new byte[lines.length][];
        Labels[] sm = new Labels[lines.length];
        for (int i = 0; i < lines.length; i++) {
            b[i] = lines[i].getBytes(StandardCharsets.UTF_8);
            sm[i] = Labels.EMPTY;
        }
        return ingester.push(tenant, List.of(new StreamEntries(labels, ts, b, sm)));
    }

    /** Every entry selected by the query, per stream (labels text), as {@code "ts line"} in cursor order. */
    Map<String, List<String>> query(String tenant, List<LabelMatcher> matchers, long from, long through, Direction direction,
                                    LinePredicate filter) throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        StoreQuerier q = new StoreQuerier(tenant, ingester, store);
        for (StreamCursor sc : q.select(new SelectParams(matchers, from, through, direction, filter))) {
            List<String> lines = new ArrayList<>();
            try (EntryCursor c = sc.entries()) {
                while (c.next()) lines.add(c.ts() + " " + new String(c.line(), c.lineOffset(), c.lineLength(), StandardCharsets.UTF_8));
            }
            if (out.put(sc.labels().toString(), lines) != null) throw new AssertionError("stream returned twice: " + sc.labels());
        }
        return out;
    }

    Map<String, List<String>> queryAll(String tenant) throws IOException {
        return query(tenant, List.of(), Long.MIN_VALUE, Long.MAX_VALUE, Direction.FORWARD, LinePredicate.ALL);
    }

    @Override
    public void close() throws IOException {
        try {
            ingester.close();
        } finally {
            store.close();
        }
    }
}
