package io.norn.ingester;

/** Events the ingester reports; the server backs this with Prometheus counters. */
public interface IngesterMetrics {
    IngesterMetrics NONE = new IngesterMetrics() {
    };

    default void streamCreated(String tenant) {
    }

    default void streamRemoved(String tenant) {
    }

    default void chunksFlushed(String tenant, int count) {
    }

    default void walFsyncs(long count) {
    }
}
