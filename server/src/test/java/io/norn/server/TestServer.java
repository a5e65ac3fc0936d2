package io.norn.server;

import io.norn.distributor.Limits;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Starts a real server in-process on a random port with a temporary data directory, and speaks HTTP to it. */
final class TestServer implements AutoCloseable {
    final NornServer server;
    final HttpClient http = HttpClient.newHttpClient();
    final String base;

    TestServer(Path dir) throws Exception {
        this(dir, conformanceConfig(dir));
    }

    TestServer(Path dir, NornConfig cfg) throws Exception {
        server = new NornServer(cfg, InstantSource.system());
        base = "http://127.0.0.1:" + server.port();
    }

    /** The corpus' reference setup: no auth, old samples accepted, 3.x ingest-time additions off. */
    static NornConfig conformanceConfig(Path dir) {
        NornConfig d = NornConfig.defaults().withDataDir(dir).withListen("127.0.0.1", 0);
        Limits l = d.limits();
        Limits limits = new Limits(l.maxLineSizeBytes(), l.maxLineSizeTruncate(), l.maxLabelNamesPerSeries(), l.maxLabelNameLength(),
                l.maxLabelValueLength(), false, l.rejectOldSamplesMaxAge(), l.creationGracePeriod(), 100_000, l.maxQueryLength(),
                l.maxQuerySeries(), l.queryTimeout(), Duration.ofMinutes(30), List.of(), false, l.allowStructuredMetadata(),
                l.maxStructuredMetadataSizeBytes(), l.maxStructuredMetadataEntriesCount());
        return new NornConfig(false, "127.0.0.1", 0, d.dataDir(), d.chunksDir(), d.walDir(), d.ingester(), limits,
                d.maxRecvMsgSizeBytes(), 64L << 20, d.maxConcurrentRequests());
    }

    HttpResponse<String> get(String path, Map<String, String> params) throws Exception {
        String q = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(base + path + (q.isEmpty() ? "" : "?" + q))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, String contentEncoding, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) b.header("Content-Type", contentType);
        if (contentEncoding != null) b.header("Content-Encoding", contentEncoding);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
