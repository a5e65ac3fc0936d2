package io.norn.store;

import io.norn.chunkenc.Block;
import io.norn.chunkenc.DecodedBlock;
import io.norn.chunkenc.NgramFilter;
import io.norn.ingester.Ingester;
import io.norn.iter.StreamCursor;
import io.norn.logql.engine.LinePredicate;
import io.norn.logql.engine.Querier;
import io.norn.logql.engine.SelectParams;
import io.norn.model.LabelMatcher;
import io.norn.model.Labels;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The {@link Querier} of one tenant: each stream's head data (ingester) and flushed chunks (store), merged.
 * The head is read before the store so that a chunk moving from one to the other during the query is seen
 * at least once (duplicates are merged away). Thread-safe.
 */
public final class StoreQuerier implements Querier {
    private final String tenant;
    private final Ingester ingester;
    private final ChunkStore store;

    public StoreQuerier(String tenant, Ingester ingester, ChunkStore store) {
        this.tenant = requireNonNull(tenant, "tenant is null");
        this.ingester = requireNonNull(ingester, "ingester is null");
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public List<StreamCursor> select(SelectParams p) {
        Map<Labels, List<MergingEntryCursor.Source>> sources = new LinkedHashMap<>();
        for (Ingester.HeadSeries h : ingester.select(tenant, p.matchers(), p.fromNanos(), p.throughNanos())) {
            List<MergingEntryCursor.Source> list = sources.computeIfAbsent(h.labels(), l -> new ArrayList<>());
            for (Block b : h.blocks()) {
                if (mayMatch(b.ngrams(), p.lineFilter())) list.add(MergingEntryCursor.ofBlock(b));
            }
            for (DecodedBlock d : h.raw()) {
                if (d.count() > 0) list.add(MergingEntryCursor.ofDecoded(d, d.ts(0), d.ts(d.count() - 1)));
            }
        }
        for (ChunkStore.StoredSeries s : store.select(tenant, p.matchers(), p.fromNanos(), p.throughNanos())) {
            List<MergingEntryCursor.Source> list = sources.computeIfAbsent(s.labels(), l -> new ArrayList<>());
            for (ChunkRef ref : s.chunks()) list.add(chunkSource(ref, p.lineFilter()));
        }
        List<StreamCursor> out = new ArrayList<>(sources.size());
        for (Map.Entry<Labels, List<MergingEntryCursor.Source>> e : sources.entrySet()) {
            if (e.getValue().isEmpty()) continue;
            out.add(new StreamCursor(e.getKey(),
                    new MergingEntryCursor(e.getValue(), p.direction(), p.fromNanos(), p.throughNanos(), p.lineFilter())));
        }
        return out;
    }

    /** A stored chunk, read when the merge reaches it and skipped whole when its filter rules out a literal. */
    private MergingEntryCursor.Source chunkSource(ChunkRef ref, LinePredicate filter) {
        return new MergingEntryCursor.Source() {
            public long minTs() {
                return ref.minTs();
            }

            public long maxTs() {
                return ref.maxTs();
            }

            public List<MergingEntryCursor.Source> expand() throws IOException {
                List<Block> blocks = store.read(tenant, ref);
                // the blocks of a stored chunk share the chunk's filter
                if (blocks.isEmpty() || !mayMatch(blocks.getFirst().ngrams(), filter)) return List.of();
                List<MergingEntryCursor.Source> out = new ArrayList<>(blocks.size());
                for (Block b : blocks) out.add(MergingEntryCursor.ofBlock(b));
                return out;
            }
        };
    }

    /** False when the filter's literals rule out every line of the data the n-gram filter describes. */
    private static boolean mayMatch(NgramFilter ngrams, LinePredicate filter) {
        return ngrams.mightContainAll(filter.requiredLiterals()) && ngrams.mightContainAllIgnoringCase(filter.requiredLiteralsIgnoringCase());
    }

    @Override
    public List<Labels> series(List<LabelMatcher> matchers, long fromNanos, long throughNanos) {
        LinkedHashMap<Labels, Boolean> seen = new LinkedHashMap<>();
        for (Ingester.HeadSeries h : ingester.select(tenant, matchers, fromNanos, throughNanos)) seen.put(h.labels(), true);
        for (ChunkStore.StoredSeries s : store.select(tenant, matchers, fromNanos, throughNanos)) seen.put(s.labels(), true);
        return new ArrayList<>(seen.keySet());
    }
}
