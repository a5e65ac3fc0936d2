package io.norn.server;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ServerMetricsTest {
    @Test
    void everyServersMetricsIncludeTheJvmsAndTheirOwn() throws Exception {
        ServerMetrics a = new ServerMetrics();
        ServerMetrics b = new ServerMetrics();
        a.memoryStreams(() -> 3);
        b.memoryStreams(() -> 5);
        a.received("t", 10, 100);
        String textA = new String(a.scrape(), StandardCharsets.UTF_8);
        String textB = new String(b.scrape(), StandardCharsets.UTF_8);
        assertThat(textA).contains("jvm_memory_used_bytes", "loki_ingester_memory_streams 3.0", "loki_distributor_lines_received_total{tenant=\"t\"} 10.0");
        assertThat(textB).contains("jvm_memory_used_bytes", "loki_ingester_memory_streams 5.0").doesNotContain("tenant=\"t\"");
    }

    @Test
    void aDroppedServersMetricsDoNotKeepWhatTheirGaugesRead() throws Exception {
        WeakReference<Object> state = registerAndDrop();
        for (int i = 0; i < 20 && state.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(state.get()).as("a server's state after its metrics are dropped").isNull();
    }

    /** A server's metrics whose gauge reads some state, scraped once and then dropped; returns a weak reference to the state. */
    private static WeakReference<Object> registerAndDrop() throws Exception {
        int[] streams = {7};
        ServerMetrics m = new ServerMetrics();
        m.memoryStreams(() -> streams[0]);
        assertThat(new String(m.scrape(), StandardCharsets.UTF_8)).contains("loki_ingester_memory_streams 7.0");
        return new WeakReference<>(streams);
    }
}
