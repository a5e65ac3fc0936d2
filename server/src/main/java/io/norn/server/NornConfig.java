package io.norn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.norn.distributor.Limits;
import io.norn.ingester.IngesterConfig;
import io.norn.loghttp.Durations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The subset of Loki's YAML configuration Norn reads, with Loki's keys and defaults. Unknown top-level
 * sections are rejected as Loki does; keys inside known sections that Norn does not use yet are ignored,
 * so that existing Loki configurations start.
 */
public record NornConfig(boolean authEnabled, String httpListenAddress, int httpListenPort, Path dataDir, Path chunksDir,
                         Path walDir, IngesterConfig ingester, Limits limits, long maxRecvMsgSizeBytes,
                         long maxDecompressedSizeBytes, int maxConcurrentRequests) {
    private static final Set<String> KNOWN_TOP = Set.of("auth_enabled", "server", "common", "storage_config", "ingester",
            "limits_config", "distributor", "schema_config", "query_range", "querier", "frontend", "compactor", "ruler",
            "analytics", "memberlist", "pattern_ingester", "query_scheduler", "frontend_worker", "table_manager", "chunk_store_config",
            "tracing", "runtime_config", "ingester_client", "index_gateway", "bloom_build", "bloom_gateway", "target");

    /** The embedded default: one tenant ({@code fake}), HTTP on 127.0.0.1:3100, data under ./data. */
    public static NornConfig defaults() {
        Path data = Path.of("data");
        return new NornConfig(false, "127.0.0.1", 3100, data, data.resolve("chunks"), data.resolve("wal"),
                IngesterConfig.defaults(), Limits.defaults(), 104_857_600L, 5_242_880_000L, 256);
    }

    public NornConfig withListen(String address, int port) {
        return new NornConfig(authEnabled, address, port, dataDir, chunksDir, walDir, ingester, limits, maxRecvMsgSizeBytes,
                maxDecompressedSizeBytes, maxConcurrentRequests);
    }

    public NornConfig withDataDir(Path dir) {
        return new NornConfig(authEnabled, httpListenAddress, httpListenPort, dir, dir.resolve("chunks"), dir.resolve("wal"),
                ingester, limits, maxRecvMsgSizeBytes, maxDecompressedSizeBytes, maxConcurrentRequests);
    }

    public NornConfig withIngester(IngesterConfig ingesterConfig) {
        return new NornConfig(authEnabled, httpListenAddress, httpListenPort, dataDir, chunksDir, walDir, ingesterConfig, limits,
                maxRecvMsgSizeBytes, maxDecompressedSizeBytes, maxConcurrentRequests);
    }

    /** Loads a Loki-style YAML file; throws {@link ConfigException} naming the file, key and problem. */
    public static NornConfig load(Path file) throws ConfigException {
        JsonNode root;
        try {
            String text = Files.readString(file);
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            throw new ConfigException("failed parsing config: " + file + ": " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) return defaultsForFile();
        if (!root.isObject()) throw new ConfigException("failed parsing config: " + file + ": top level must be a mapping");
        return fromTree(root, file.toString());
    }

    /** Loki's built-in defaults when a file is given: authentication on, all interfaces. */
    private static NornConfig defaultsForFile() {
        NornConfig d = defaults();
        return new NornConfig(true, "", 3100, d.dataDir, d.chunksDir, d.walDir, d.ingester, d.limits, d.maxRecvMsgSizeBytes,
                d.maxDecompressedSizeBytes, d.maxConcurrentRequests);
    }

    static NornConfig fromTree(JsonNode root, String source) throws ConfigException {
        Reader r = new Reader(source);
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KNOWN_TOP.contains(k)) throw new ConfigException("failed parsing config: " + source + ": field " + k + " not found in type loki.Config");
        }
        NornConfig d = defaultsForFile();
        boolean auth = r.bool(root, "auth_enabled", d.authEnabled);
        JsonNode server = root.path("server");
        String addr = r.string(server, "http_listen_address", d.httpListenAddress);
        int port = (int) r.integer(server, "http_listen_port", d.httpListenPort);
        JsonNode common = root.path("common");
        Path data = Path.of(r.string(common, "path_prefix", d.dataDir.toString()));
        Path chunks = Path.of(r.string(root.path("storage_config").path("filesystem"), "directory",
                r.string(common.path("storage").path("filesystem"), "chunks_directory", data.resolve("chunks").toString())));
        JsonNode ing = root.path("ingester");
        Path wal = Path.of(r.string(ing.path("wal"), "dir", data.resolve("wal").toString()));
        IngesterConfig ic = d.ingester;
        JsonNode lim = root.path("limits_config");
        IngesterConfig ingester = new IngesterConfig(
                (int) r.integer(ing, "chunk_block_size", ic.blockSizeBytes()),
                (int) r.integer(ing, "chunk_target_size", ic.chunkTargetSizeBytes()),
                r.duration(ing, "chunk_idle_period", ic.chunkIdlePeriod()),
                r.duration(ing, "max_chunk_age", ic.maxChunkAge()),
                r.duration(ing, "flush_check_period", ic.flushCheckPeriod()),
                r.bool(lim, "unordered_writes", ic.unorderedWrites()),
                ic.zstdLevel(), ic.walSegmentBytes());
        Limits ld = d.limits;
        Limits limits = new Limits(
                r.bytes(lim, "max_line_size", ld.maxLineSizeBytes()),
                r.bool(lim, "max_line_size_truncate", ld.maxLineSizeTruncate()),
                (int) r.integer(lim, "max_label_names_per_series", ld.maxLabelNamesPerSeries()),
                (int) r.integer(lim, "max_label_name_length", ld.maxLabelNameLength()),
                (int) r.integer(lim, "max_label_value_length", ld.maxLabelValueLength()),
                r.bool(lim, "reject_old_samples", ld.rejectOldSamples()),
                r.duration(lim, "reject_old_samples_max_age", ld.rejectOldSamplesMaxAge()),
                r.duration(lim, "creation_grace_period", ld.creationGracePeriod()),
                (int) r.integer(lim, "max_entries_limit_per_query", ld.maxEntriesLimitPerQuery()),
                r.duration(lim, "max_query_length", ld.maxQueryLength()),
                (int) r.integer(lim, "max_query_series", ld.maxQuerySeries()),
                r.duration(lim, "query_timeout", ld.queryTimeout()),
                r.duration(lim, "split_queries_by_interval", ld.splitQueriesByInterval()),
                r.stringList(lim, "discover_service_name", ld.discoverServiceName()),
                r.bool(lim, "discover_log_levels", ld.discoverLogLevels()),
                r.bool(lim, "allow_structured_metadata", ld.allowStructuredMetadata()),
                r.bytes(lim, "max_structured_metadata_size", ld.maxStructuredMetadataSizeBytes()),
                (int) r.integer(lim, "max_structured_metadata_entries_count", ld.maxStructuredMetadataEntriesCount()));
        JsonNode dist = root.path("distributor");
        long maxRecv = r.bytes(dist, "max_recv_msg_size", d.maxRecvMsgSizeBytes);
        long maxDecomp = r.bytes(dist, "max_decompressed_size", d.maxDecompressedSizeBytes);
        if (!r.problems.isEmpty()) {
            throw new ConfigException("failed parsing config: " + source + ": " + String.join("\n  ", r.problems));
        }
        return new NornConfig(auth, addr, port, data, chunks, wal, ingester, limits, maxRecv, maxDecomp, d.maxConcurrentRequests);
    }

    /** Reads typed values, collecting every problem so that all are reported at once (as Loki does). */
    private static final class Reader {
        final String source;
        final List<String> problems = new ArrayList<>();

        Reader(String source) {
            this.source = source;
        }

        boolean bool(JsonNode n, String key, boolean def) {
            JsonNode v = n.path(key);
            if (v.isMissingNode() || v.isNull()) return def;
            if (v.isBoolean()) return v.booleanValue();
            if (v.isTextual() && (v.textValue().equals("true") || v.textValue().equals("false"))) return Boolean.parseBoolean(v.textValue());
            problems.add("cannot unmarshal " + v + " into bool (" + key + ")");
            return def;
        }

        long integer(JsonNode n, String key, long def) {
            JsonNode v = n.path(key);
            if (v.isMissingNode() || v.isNull()) return def;
            if (v.canConvertToLong() && v.isIntegralNumber()) return v.longValue();
            if (v.isTextual()) {
                try {
                    return Long.parseLong(v.textValue().trim());
                } catch (NumberFormatException ignored) {
                    // reported below
                }
            }
            problems.add("cannot unmarshal !!str `" + v.asText() + "` into int (" + key + ")");
            return def;
        }

        String string(JsonNode n, String key, String def) {
            JsonNode v = n.path(key);
            if (v.isMissingNode() || v.isNull()) return def;
            return v.asText();
        }

        Duration duration(JsonNode n, String key, Duration def) {
            JsonNode v = n.path(key);
            if (v.isMissingNode() || v.isNull()) return def;
            try {
                return Durations.parse(v.asText());
            } catch (IllegalArgumentException e) {
                problems.add("time: invalid duration \"" + v.asText() + "\" (" + key + ")");
                return def;
            }
        }

        long bytes(JsonNode n, String key, long def) {
            JsonNode v = n.path(key);
            if (v.isMissingNode() || v.isNull()) return def;
            try {
                return v.isNumber() ? v.longValue() : Durations.parseBytes(v.asText());
            } catch (IllegalArgumentException e) {
                problems.add("invalid byte size \"" + v.asText() + "\" (" + key + ")");
                return def;
            }
        }

        List<String> stringList(JsonNode n, String key, List<String> def) {
            JsonNode v = n.path(key);
            if (v.isMissingNode() || v.isNull()) return def;
            List<String> out = new ArrayList<>();
            if (v.isArray()) {
                for (JsonNode e : v) out.add(e.asText());
            } else if (v.isTextual()) {
                for (String s : v.textValue().split(",")) if (!s.isBlank()) out.add(s.trim());
            } else {
                problems.add("cannot unmarshal " + v + " into []string (" + key + ")");
            }
            return out;
        }
    }
}
