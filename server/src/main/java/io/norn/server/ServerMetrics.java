package io.norn.server;

import io.norn.distributor.DistributorMetrics;
import io.norn.ingester.IngesterMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.DoubleSupplier;

/** The server's Prometheus metrics, named as Loki names them. Thread-safe. */
final class ServerMetrics implements DistributorMetrics, IngesterMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter linesReceived = Counter.builder().name("loki_distributor_lines_received_total")
            .help("The total number of lines received per tenant").labelNames("tenant").register(registry);
    private final Counter bytesReceived = Counter.builder().name("loki_distributor_bytes_received_total")
            .help("The total number of uncompressed bytes received per tenant").labelNames("tenant").register(registry);
    private final Counter discardedSamples = Counter.builder().name("loki_discarded_samples_total")
            .help("The total number of samples that were discarded").labelNames("reason", "tenant").register(registry);
    private final Counter discardedBytes = Counter.builder().name("loki_discarded_bytes_total")
            .help("The total number of bytes that were discarded").labelNames("reason", "tenant").register(registry);
    private final Counter streamsCreated = Counter.builder().name("loki_ingester_streams_created_total")
            .help("The total number of streams created per tenant").labelNames("tenant").register(registry);
    private final Counter chunksFlushed = Counter.builder().name("loki_ingester_chunks_flushed_total")
            .help("Total flushed chunks").labelNames("tenant").register(registry);
    private final Counter walFsyncs = Counter.builder().name("norn_wal_fsyncs_total")
            .help("Number of fsync calls on the write-ahead log (one per group commit)").register(registry);
    private final Histogram requestDuration = Histogram.builder().name("loki_request_duration_seconds")
            .help("Time (in seconds) spent serving HTTP requests.").labelNames("method", "route", "status_code", "ws")
            .classicUpperBounds(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 25, 50, 100).register(registry);

    /**
     * JVM metrics, registered once per process and shared by every server in it: the library keeps each registry it
     * registers into for good, which would keep a closed server (such as the warm-up's) reachable through its own.
     */
    private static final PrometheusRegistry JVM = jvmRegistry();

    private static PrometheusRegistry jvmRegistry() {
        PrometheusRegistry r = new PrometheusRegistry();
        JvmMetrics.builder().register(r);
        return r;
    }

    void memoryStreams(DoubleSupplier streams) {
        registry.register(() -> GaugeSnapshot.builder().name("loki_ingester_memory_streams")
                .help("The total number of streams in memory.")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(streams.getAsDouble()).build())
                .build());
    }

    void request(String method, String route, int status, double seconds) {
        requestDuration.labelValues(method, route, Integer.toString(status), "false").observe(seconds);
    }

    byte[] scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        for (MetricSnapshot m : registry.scrape()) all.metricSnapshot(m);
        for (MetricSnapshot m : JVM.scrape()) all.metricSnapshot(m);
        PrometheusTextFormatWriter.create().write(out, all.build());
        return out.toByteArray();
    }

    @Override
    public void received(String tenant, long lines, long bytes) {
        linesReceived.labelValues(tenant).inc(lines);
        bytesReceived.labelValues(tenant).inc(bytes);
    }

    @Override
    public void discarded(String tenant, String reason, long lines, long bytes) {
        discardedSamples.labelValues(reason, tenant).inc(lines);
        discardedBytes.labelValues(reason, tenant).inc(bytes);
    }

    @Override
    public void streamCreated(String tenant) {
        streamsCreated.labelValues(tenant).inc();
    }

    @Override
    public void chunksFlushed(String tenant, int count) {
        chunksFlushed.labelValues(tenant).inc(count);
    }

    @Override
    public void walFsyncs(long count) {
        walFsyncs.inc(count);
    }
}
