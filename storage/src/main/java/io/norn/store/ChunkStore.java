package io.norn.store;

import io.norn.chunkenc.Block;
import io.norn.model.LabelMatcher;
import io.norn.model.Labels;

import java.io.IOException;
import java.util.List;

/** Durable storage of flushed chunks and their index. Implementations are thread-safe. */
public interface ChunkStore extends AutoCloseable {
    /** One chunk to store: the stream's labels and its blocks. */
    record NewChunk(Labels labels, List<Block> blocks, long minTs, long maxTs) {
        public NewChunk {
            blocks = List.copyOf(blocks);
        }
    }

    /** A series with its chunks overlapping a query range. */
    record StoredSeries(Labels labels, List<ChunkRef> chunks) {
    }

    /** Writes the chunks durably (data, then index); when this returns, queries find them. */
    void write(String tenant, List<NewChunk> chunks) throws IOException;

    List<StoredSeries> select(String tenant, List<LabelMatcher> matchers, long fromNanos, long throughNanos);

    /** Reads a chunk's blocks; their checksums are verified when decoded. */
    List<Block> read(String tenant, ChunkRef ref) throws IOException;

    @Override
    void close() throws IOException;
}
