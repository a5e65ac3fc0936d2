package io.norn.server;

import io.norn.distributor.Limits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class WarmupTest {
    @TempDir
    Path dir;

    @Test
    void aWarmupWhosePushesAreRejectedStopsAtOnceAndCleansUp() throws Exception {
        NornConfig d = TestServer.conformanceConfig(dir);
        Limits l = d.limits();
        Limits tinyLines = new Limits(50, false, l.maxLabelNamesPerSeries(), l.maxLabelNameLength(),
                l.maxLabelValueLength(), l.rejectOldSamples(), l.rejectOldSamplesMaxAge(), l.creationGracePeriod(),
                l.maxEntriesLimitPerQuery(), l.maxQueryLength(), l.maxQuerySeries(), l.queryTimeout(), l.splitQueriesByInterval(),
                l.discoverServiceName(), l.discoverLogLevels(), l.allowStructuredMetadata(), l.maxStructuredMetadataSizeBytes(),
                l.maxStructuredMetadataEntriesCount());
        NornConfig cfg = new NornConfig(false, "127.0.0.1", 0, d.dataDir(), d.chunksDir(), d.walDir(), d.ingester(), tinyLines,
                d.maxRecvMsgSizeBytes(), d.maxDecompressedSizeBytes(), d.maxConcurrentRequests());
        long t0 = System.nanoTime();
        Warmup.run(cfg, Duration.ofMinutes(5));
        // the first rejected push ends it: it does not run on to its limit
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMinutes(1));
        assertThat(dir.resolve(Warmup.DIR_NAME)).doesNotExist();
    }
}
