package io.norn.server;

import io.norn.distributor.Distributor;
import io.norn.distributor.PushEndpoint;
import io.norn.ingester.Ingester;
import io.norn.logql.engine.LogQueryEngine;
import io.norn.logql.engine.MetricEngine;
import io.norn.logql.syntax.LogQL;
import io.norn.logql.syntax.ParseException;
import io.norn.logql.syntax.Printer;
import io.norn.loghttp.JsonOut;
import io.norn.querier.MetadataEndpoints;
import io.norn.querier.QueryEndpoints;
import io.norn.store.FileChunkStore;
import io.norn.store.StoreQuerier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The single-binary server: wires store, ingester, distributor, queriers and the HTTP API by hand. */
public final class NornServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NornServer.class);
    public static final String VERSION = "0.1.0";
    private static final List<String> GET_POST = List.of("GET", "POST");

    private final FileChunkStore store;
    private final Ingester ingester;
    private final HttpServer http;
    private final ExecutorService queryPool;
    private volatile boolean ready;
    private volatile boolean warmingUp;

    /** Starts the server, ready at once. */
    public NornServer(NornConfig cfg, InstantSource clock) throws Exception {
        this(cfg, clock, true, true);
    }

    /**
     * Starts the server and, before it reports ready, compiles the push path on a throwaway instance (see
     * {@link Warmup}) for at most {@code limit}. Pushes and queries are served meanwhile; /ready answers 503.
     */
    public static NornServer startWarmedUp(NornConfig cfg, InstantSource clock, Duration limit) throws Exception {
        NornServer server = new NornServer(cfg, clock, true, false);
        log.info("warming up the push path before reporting ready (-warmup=false skips this)");
        Warmup.run(cfg, limit);
        server.warmingUp = false;
        server.ready = true;
        return server;
    }

    /** A throwaway instance for the warm-up: ready at once, and silent about its start. */
    static NornServer scratch(NornConfig cfg) throws Exception {
        return new NornServer(cfg, InstantSource.system(), false, true);
    }

    /** With {@code readyAtOnce} false, /ready answers 503 ("warming up") until {@link #startWarmedUp} is done. */
    private NornServer(NornConfig cfg, InstantSource clock, boolean announce, boolean readyAtOnce) throws Exception {
        this.warmingUp = !readyAtOnce;
        Files.createDirectories(cfg.dataDir());
        ServerMetrics metrics = new ServerMetrics();
        this.store = new FileChunkStore(cfg.chunksDir(), 1L << 30);
        try {
            this.ingester = new Ingester(cfg.walDir(), store, cfg.ingester(), clock, metrics);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        metrics.memoryStreams(ingester::memoryStreams);
        Distributor distributor = new Distributor(ingester, cfg.limits(), clock, metrics);
        PushEndpoint push = new PushEndpoint(distributor, cfg.maxRecvMsgSizeBytes(), cfg.maxDecompressedSizeBytes());
        int cores = Runtime.getRuntime().availableProcessors();
        this.queryPool = Executors.newFixedThreadPool(cores, Thread.ofPlatform().name("query-", 0).daemon(true).factory());
        MetricEngine metricEngine = new MetricEngine(queryPool, cores, cfg.limits().splitQueriesByInterval().toNanos());
        QueryEndpoints queries = new QueryEndpoints(t -> new StoreQuerier(t, ingester, store), cfg.limits(), clock, metricEngine,
                new LogQueryEngine(queryPool, cores));
        MetadataEndpoints metadata = new MetadataEndpoints(t -> new StoreQuerier(t, ingester, store), cfg.limits(), clock);

        http = new HttpServer(cfg.httpListenAddress(), cfg.httpListenPort(), cfg.authEnabled(), cfg.maxConcurrentRequests(), metrics);
        http.route("/loki/api/v1/push", new HttpServer.Route("push", push::push, List.of("POST"), true));
        http.route("/api/prom/push", new HttpServer.Route("push", push::push, List.of("POST"), true));
        http.route("/loki/api/v1/query_range", new HttpServer.Route("query_range", queries::queryRange, GET_POST, true));
        http.route("/loki/api/v1/query", new HttpServer.Route("query", queries::query, GET_POST, true));
        http.route("/loki/api/v1/labels", new HttpServer.Route("labels", metadata::labels, GET_POST, true));
        http.route("/loki/api/v1/label", new HttpServer.Route("labels", metadata::labels, GET_POST, true));
        http.routePrefix(MetadataEndpoints.LABEL_VALUES_PREFIX, new HttpServer.Route("label_values", metadata::labelValues, GET_POST, true));
        http.route("/loki/api/v1/series", new HttpServer.Route("series", metadata::series, GET_POST, true));
        http.route("/loki/api/v1/format_query", new HttpServer.Route("format_query", NornServer::formatQuery, GET_POST, false));
        http.route("/flush", new HttpServer.Route("flush", r -> {
            ingester.requestFlush();
            return ApiResponse.noContent();
        }, GET_POST, false));
        http.route("/ready", new HttpServer.Route("ready", r -> ready
                ? ApiResponse.text(200, "ready\n") : ApiResponse.text(503, "Ingester not ready: " + (warmingUp ? "warming up" : "starting") + "\n"),
                List.of("GET"), false));
        http.route("/metrics", new HttpServer.Route("metrics", r -> new ApiResponse(200,
                "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()), List.of("GET"), false));
        http.route("/loki/api/v1/status/buildinfo", new HttpServer.Route("buildinfo", r -> ApiResponse.json(
                ("{\"version\":\"" + VERSION + "\",\"revision\":\"\",\"branch\":\"\",\"buildUser\":\"\",\"buildDate\":\"\",\"goVersion\":\"\"}\n")
                        .getBytes(StandardCharsets.UTF_8)), List.of("GET"), false));
        try {
            http.start();
        } catch (Exception e) {
            ingester.close();
            store.close();
            throw e;
        }
        ready = readyAtOnce;
        if (announce) log.info("norn {} listening on {}:{}, data in {}", VERSION, cfg.httpListenAddress(), http.port(), cfg.dataDir().toAbsolutePath());
    }

    private static ApiResponse formatQuery(ApiRequest r) {
        JsonOut out = new JsonOut();
        try {
            String formatted = Printer.format(LogQL.parse(r.param("query").orElse("")));
            out.raw("{\"status\":\"success\",\"data\":").str(formatted).raw("}\n");
            return ApiResponse.json(out.toByteArray());
        } catch (ParseException e) {
            out.raw("{\"status\":\"invalid-query\",\"error\":").str(e.getMessage()).raw("}\n");
            return new ApiResponse(400, "application/json; charset=utf-8", out.toByteArray());
        }
    }

    public int port() {
        return http.port();
    }

    /** Flushes all head data to the chunk store and waits for it. */
    public void flushAll() throws IOException {
        ingester.flushAll();
    }

    @Override
    public void close() throws Exception {
        ready = false;
        Exception first = null;
        for (AutoCloseable c : new AutoCloseable[]{http, queryPool::shutdownNow, ingester, store}) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }
}
