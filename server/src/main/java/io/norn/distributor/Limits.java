package io.norn.distributor;

import java.time.Duration;
import java.util.List;

/** Per-tenant limits (Loki's {@code limits_config}) with Loki 3.x defaults. */
public record Limits(long maxLineSizeBytes, boolean maxLineSizeTruncate, int maxLabelNamesPerSeries, int maxLabelNameLength,
                     int maxLabelValueLength, boolean rejectOldSamples, Duration rejectOldSamplesMaxAge,
                     Duration creationGracePeriod, int maxEntriesLimitPerQuery, Duration maxQueryLength, int maxQuerySeries,
                     Duration queryTimeout, Duration splitQueriesByInterval, List<String> discoverServiceName,
                     boolean discoverLogLevels, boolean allowStructuredMetadata, long maxStructuredMetadataSizeBytes,
                     int maxStructuredMetadataEntriesCount) {
    public static final List<String> DEFAULT_SERVICE_NAME_LABELS = List.of("service", "app", "application", "app_name", "name",
            "app_kubernetes_io_name", "container", "container_name", "k8s_container_name", "component", "workload", "job",
            "k8s_job_name");

    public Limits {
        discoverServiceName = List.copyOf(discoverServiceName);
    }

    public static Limits defaults() {
        return new Limits(262_144, false, 15, 1024, 2048, true, Duration.ofDays(7), Duration.ofMinutes(10), 5000,
                Duration.ofHours(721), 500, Duration.ofMinutes(1), Duration.ofHours(1), DEFAULT_SERVICE_NAME_LABELS, true, true,
                65_536, 128);
    }
}
