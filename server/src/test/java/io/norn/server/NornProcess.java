package io.norn.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The runnable server jar started as a separate JVM with a Loki-style YAML file, so that a test can kill it
 * the hard way ({@link Process#destroyForcibly()}, SIGKILL on Unix) and start it again on the same data
 * directory. Output goes to a log file that failures print. Not thread-safe except {@link #kill()}.
 */
final class NornProcess implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path logFile;
    final int port;
    final LokiClient client;

    private NornProcess(Process process, Path logFile, int port) {
        this.process = process;
        this.logFile = logFile;
        this.port = port;
        this.client = LokiClient.forPort(port);
    }

    /**
     * Writes {@code norn-<run>.yaml} into {@code workDir}, starts the jar with it on a free port and data under
     * {@code dataDir}, and returns once GET /ready answers 200.
     */
    static NornProcess start(Path workDir, Path dataDir, int run) throws IOException, InterruptedException {
        return start(workDir, dataDir, run, "");
    }

    /** As {@link #start(Path, Path, int)}, with more top-level YAML sections (e.g. {@code ingester:}) appended. */
    static NornProcess start(Path workDir, Path dataDir, int run, String extraYaml) throws IOException, InterruptedException {
        NornProcess p = launch(workDir, dataDir, run, extraYaml, false);
        try {
            p.awaitReady();
        } catch (AssertionError | IOException | InterruptedException | RuntimeException e) {
            p.kill();
            throw e;
        }
        return p;
    }

    /**
     * Starts the jar as {@link #start(Path, Path, int, String)} does, with or without the startup warm-up (the other
     * tests skip it to save time), and returns at once, without waiting for /ready.
     */
    static NornProcess launch(Path workDir, Path dataDir, int run, String extraYaml, boolean warmup) throws IOException {
        int port = freePort();
        Path config = workDir.resolve("norn-" + run + ".yaml");
        Files.writeString(config, """
                auth_enabled: false
                server:
                  http_listen_address: 127.0.0.1
                  http_listen_port: %d
                common:
                  path_prefix: %s
                limits_config:
                  reject_old_samples: false
                  max_entries_limit_per_query: 100000
                  discover_service_name: []
                  discover_log_levels: false
                """.formatted(port, PushBodies.quote(dataDir.toString())) + extraYaml, StandardCharsets.UTF_8);
        Path log = workDir.resolve("norn-" + run + ".log");
        String java = ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException("cannot tell this JVM's java command"));
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--add-modules", "jdk.incubator.vector",
                // snappy unpacks its native library into the temp dir and deletes it at exit, which SIGKILL skips
                "-Dorg.xerial.snappy.tempdir=" + workDir, "-jar", jar().toString(), "server", "-config.file=" + config, "-warmup=" + warmup))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        return new NornProcess(pb.start(), log, port);
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("norn.jar", "target/norn.jar"));
        assertThat(jar).as("the server jar (system property norn.jar); build it with mvn package").isRegularFile();
        return jar;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) fail("server exited with " + process.exitValue() + " before it was ready:\n" + log());
            if (client.readyStatus() == 200) return;
            Thread.sleep(50);
        }
        fail("server not ready after " + START_TIMEOUT + ":\n" + log());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process without any shutdown (no hooks run, nothing is flushed) and waits until it is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("server process " + process.pid() + " did not die", e);
        }
    }

    /** The process' output so far. */
    String log() throws IOException {
        return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() {
        if (process.isAlive()) kill();
    }
}
