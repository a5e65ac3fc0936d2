package io.norn.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The startup warm-up of the real jar: /ready answers 503 while it runs and the server already takes pushes,
 * and none of the synthetic data reaches the real instance or stays on disk.
 */
class WarmupIT {
    @TempDir
    Path dir;

    @Test
    void warmupDelaysReadinessAndLeavesNothingBehind() throws Exception {
        Path data = dir.resolve("data");
        long t0 = (System.currentTimeMillis() - 60_000L) * 1_000_000L;
        try (NornProcess server = NornProcess.launch(dir, data, 1, "", true)) {
            HttpResponse<String> warming = awaitListening(server);
            assertThat(warming.statusCode()).as(warming.body()).isEqualTo(503);
            assertThat(warming.body()).contains("warming up");
            // pushes are taken while the warm-up runs
            HttpResponse<String> push = server.client.pushJson(List.of(new PushBodies.Stream(Map.of("job", "early"),
                    List.of(new PushBodies.Entry(t0, "pushed during the warm-up")))));
            assertThat(push.statusCode()).as(push.body()).isEqualTo(204);

            server.awaitReady();
            String log = server.log();
            assertThat(log).contains("warm-up:");
            // the scratch instance starts silently: the only announced listener is the real one
            assertThat(log.split("listening on", -1)).as(log).hasSize(2);
            assertThat(log).contains("listening on 127.0.0.1:" + server.port + ",");
            assertThat(data.resolve(Warmup.DIR_NAME)).doesNotExist();
            HttpResponse<String> labels = server.client.get("/loki/api/v1/label/job/values", Map.of());
            assertThat(labels.statusCode()).isEqualTo(200);
            assertThat(labels.body()).contains("\"early\"").doesNotContain("warmup");
            assertThat(server.client.queryRange("{job=\"early\"}", t0, t0 + 1, 10).values())
                    .singleElement().satisfies(l -> assertThat(l).extracting(LokiClient.Line::line).containsExactly("pushed during the warm-up"));
        }
    }

    /** The first answer of /ready once the port is open. */
    private static HttpResponse<String> awaitListening(NornProcess server) throws Exception {
        long deadline = System.nanoTime() + NornProcess.START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) fail("server exited before it listened:\n" + server.log());
            try {
                return server.client.get("/ready", Map.of());
            } catch (java.io.IOException notYet) {
                Thread.sleep(20);
            }
        }
        return fail("server not listening after " + NornProcess.START_TIMEOUT + ":\n" + server.log());
    }
}
