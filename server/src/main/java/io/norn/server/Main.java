package io.norn.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** The {@code norn} command line. */
@Command(name = "norn", mixinStandardHelpOptions = true, version = NornServer.VERSION,
        description = "Log aggregation compatible with Grafana Loki.",
        subcommands = {Main.ServerCommand.class})
public final class Main implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(normalize(args)));
    }

    /** Accepts Loki's single-dash long flags ({@code -config.file=x}) by turning them into double-dash ones. */
    static String[] normalize(String[] args) {
        String[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            String a = out[i];
            if (a.startsWith("-") && !a.startsWith("--") && a.length() > 2) out[i] = "-" + a;
        }
        return out;
    }

    /** The longest a warm-up may delay readiness; it normally ends sooner, once the JIT compiler is quiet. */
    private static final Duration WARMUP_LIMIT = Duration.ofSeconds(20);

    @Command(name = "server", mixinStandardHelpOptions = true, description = "Run the server (Loki's API on one process).")
    static final class ServerCommand implements Callable<Integer> {
        @Option(names = "--config.file", description = "Loki-style YAML configuration file. Default: embedded single-tenant setup.")
        Path configFile;

        @Option(names = "--server.http-listen-address", description = "HTTP listen address (default 127.0.0.1 without a config file).")
        String listenAddress;

        @Option(names = "--server.http-listen-port", description = "HTTP listen port (default 3100).")
        Integer listenPort;

        @Option(names = "--common.path-prefix", description = "Data directory (default ./data).")
        Path pathPrefix;

        @Option(names = "--warmup", arity = "1", defaultValue = "true",
                description = "Compile the push path on synthetic data in a scratch directory before reporting ready (default true).")
        boolean warmup;

        @Override
        public Integer call() throws Exception {
            NornConfig cfg;
            try {
                cfg = configFile == null ? NornConfig.defaults() : NornConfig.load(configFile);
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                return 1;
            }
            if (pathPrefix != null) cfg = cfg.withDataDir(pathPrefix);
            cfg = cfg.withListen(listenAddress != null ? listenAddress : cfg.httpListenAddress(),
                    listenPort != null ? listenPort : cfg.httpListenPort());
            NornServer server = warmup ? NornServer.startWarmedUp(cfg, InstantSource.system(), WARMUP_LIMIT)
                    : new NornServer(cfg, InstantSource.system());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (Exception e) {
                    System.err.println("shutdown: " + e.getMessage());
                } finally {
                    stopped.countDown();
                }
            }));
            stopped.await();
            return 0;
        }
    }
}
