package io.norn.distributor;

/** Events the distributor reports; the server backs this with Prometheus counters. */
public interface DistributorMetrics {
    DistributorMetrics NONE = new DistributorMetrics() {
    };

    default void received(String tenant, long lines, long bytes) {
    }

    default void discarded(String tenant, String reason, long lines, long bytes) {
    }
}
