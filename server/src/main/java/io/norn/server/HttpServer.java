package io.norn.server;

import io.norn.loghttp.BadRequestException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Jetty wiring: routes requests to {@link Endpoint}s on virtual threads, resolves tenants, maps errors to
 * Loki's status codes and plain-text bodies, records request durations, and caps requests in flight.
 */
final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    /** A route: the endpoint, the methods it accepts, and whether it needs a tenant. */
    record Route(String name, Endpoint endpoint, List<String> methods, boolean tenantScoped) {
    }

    private final Server server;
    private final ServerConnector connector;
    private final Map<String, Route> exact = new HashMap<>();
    private final Map<String, Route> prefixes = new LinkedHashMap<>();
    private final boolean authEnabled;
    private final ServerMetrics metrics;
    private final Semaphore inFlight;

    HttpServer(String address, int port, boolean authEnabled, int maxConcurrent, ServerMetrics metrics) {
        this.authEnabled = authEnabled;
        this.metrics = metrics;
        this.inFlight = new Semaphore(maxConcurrent);
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("http");
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server = new Server(pool);
        connector = new ServerConnector(server);
        if (address != null && !address.isEmpty()) connector.setHost(address);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract(Handler.Abstract.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                serve(request, response, callback);
                return true;
            }
        });
    }

    void route(String path, Route route) {
        exact.put(path, route);
    }

    /** A route for every path that starts with {@code prefix} (e.g. label values with the name in the path). */
    void routePrefix(String prefix, Route route) {
        prefixes.put(prefix, route);
    }

    void start() throws Exception {
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    private Route find(String path) {
        Route r = exact.get(path);
        if (r != null) return r;
        for (Map.Entry<String, Route> e : prefixes.entrySet()) if (path.startsWith(e.getKey())) return e.getValue();
        return null;
    }

    private void serve(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        Route route = find(path);
        ApiResponse out;
        if (route == null) {
            out = ApiResponse.text(404, "404 page not found\n");
        } else if (!route.methods().contains(method)) {
            out = new ApiResponse(405, null, new byte[0]);
        } else if (!inFlight.tryAcquire()) {
            out = ApiResponse.text(429, "too many requests in flight; try again later\n");
        } else {
            try {
                out = invoke(route, request, path, method);
            } finally {
                inFlight.release();
            }
        }
        response.setStatus(out.status());
        if (out.contentType() != null) response.getHeaders().put(HttpHeader.CONTENT_TYPE, out.contentType());
        if (out.contentType() != null && out.contentType().startsWith("text/plain")) {
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
        }
        metrics.request(method, route == null ? "other" : route.name(), out.status(), (System.nanoTime() - start) / 1e9);
        response.write(true, ByteBuffer.wrap(out.body()), callback);
    }

    private ApiResponse invoke(Route route, Request request, String path, String method) {
        try {
            Map<String, String> headers = new HashMap<>();
            for (HttpField f : request.getHeaders()) headers.putIfAbsent(f.getLowerCaseName(), f.getValue());
            String tenant = route.tenantScoped() ? TenantResolver.resolve(authEnabled, headers.get("x-scope-orgid")) : "";
            Map<String, List<String>> params = new LinkedHashMap<>();
            Fields query = Request.extractQueryParameters(request);
            addAll(params, query);
            InputStream body = Request.asInputStream(request);
            String contentType = headers.getOrDefault("content-type", "");
            if ((method.equals("POST") || method.equals("PUT")) && contentType.startsWith("application/x-www-form-urlencoded")) {
                addAll(params, org.eclipse.jetty.server.FormFields.getFields(request));
                body = InputStream.nullInputStream();
            }
            return route.endpoint().handle(new ApiRequest(method, path, params, headers, body, tenant));
        } catch (BadRequestException e) {
            String msg = e.getMessage();
            return ApiResponse.text(e.status(), route.name().equals("push") ? msg + "\n" : msg);
        } catch (Exception e) {
            log.error("request {} {} failed", method, path, e);
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return ApiResponse.text(500, msg);
        }
    }

    private static void addAll(Map<String, List<String>> params, Fields fields) {
        for (Fields.Field f : fields) params.computeIfAbsent(f.getName(), k -> new ArrayList<>()).addAll(f.getValues());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
