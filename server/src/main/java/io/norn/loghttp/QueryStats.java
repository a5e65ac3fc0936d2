package io.norn.loghttp;

/** Writes the {@code stats} object of query responses in Loki 3.x's shape. */
public final class QueryStats {
    private static final String CACHE = "{\"entriesFound\":0,\"entriesRequested\":0,\"entriesStored\":0,\"bytesReceived\":0,\"bytesSent\":0,\"requests\":0,\"downloadTime\":0,\"queryLengthServed\":0}";
    private static final String STORE = "{\"totalChunksRef\":0,\"totalChunksDownloaded\":0,\"chunksDownloadTime\":0,\"queryReferencedStructuredMetadata\":false,\"chunkRefsFetchTime\":0,\"congestionControlLatency\":0,\"pipelineWrapperFilteredLines\":0,\"chunk\":{\"headChunkBytes\":0,\"headChunkLines\":0,\"decompressedBytes\":0,\"decompressedLines\":0,\"compressedBytes\":0,\"totalDuplicates\":0,\"postFilterLines\":0,\"headChunkStructuredMetadataBytes\":0,\"decompressedStructuredMetadataBytes\":0}}";

    private QueryStats() {
    }

    public static void write(JsonOut out, double execSeconds, long entriesReturned, long linesProcessed, long bytesProcessed) {
        long bps = execSeconds > 0 ? (long) (bytesProcessed / execSeconds) : 0;
        long lps = execSeconds > 0 ? (long) (linesProcessed / execSeconds) : 0;
        out.raw("{\"summary\":{\"bytesProcessedPerSecond\":").number(bps)
                .raw(",\"linesProcessedPerSecond\":").number(lps)
                .raw(",\"totalBytesProcessed\":").number(bytesProcessed)
                .raw(",\"totalLinesProcessed\":").number(linesProcessed)
                .raw(",\"execTime\":").raw(JsonOut.formatFloat(execSeconds))
                .raw(",\"queueTime\":0,\"subqueries\":0,\"totalEntriesReturned\":").number(entriesReturned)
                .raw(",\"splits\":0,\"shards\":0,\"totalPostFilterLines\":").number(entriesReturned)
                .raw(",\"totalStructuredMetadataBytesProcessed\":0},")
                .raw("\"querier\":{\"store\":").raw(STORE).raw("},")
                .raw("\"ingester\":{\"totalReached\":0,\"totalChunksMatched\":0,\"totalBatches\":0,\"totalLinesSent\":0,\"store\":").raw(STORE).raw("},")
                .raw("\"cache\":{");
        String[] caches = {"chunk", "index", "result", "statsResult", "volumeResult", "seriesResult", "labelResult", "instantMetricResult"};
        for (int i = 0; i < caches.length; i++) {
            if (i > 0) out.raw(',');
            out.str(caches[i]).raw(':').raw(CACHE);
        }
        out.raw("},\"index\":{\"totalChunks\":0,\"postFilterChunks\":0,\"shardsDuration\":0,\"usedBloomFilters\":false}}");
    }
}
