package io.norn.distributor;

import io.norn.ingester.Ingester;
import io.norn.ingester.PushResult;
import io.norn.ingester.StreamEntries;
import io.norn.loghttp.BadRequestException;
import io.norn.loghttp.PushStream;
import io.norn.model.Labels;

import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Validates pushed streams with Loki's rules and messages, adds the labels Loki 3.x adds on ingest
 * ({@code service_name}, {@code detected_level}), and hands the valid entries to the ingester. Invalid
 * entries are reported together; valid ones are written even when the request fails. Thread-safe.
 */
public final class Distributor {
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(ZoneOffset.UTC);

    private final Ingester ingester;
    private final Limits limits;
    private final InstantSource clock;
    private final DistributorMetrics metrics;
    private final LevelDetector levels = new LevelDetector(LevelDetector.DEFAULT_FIELDS);
    /** Pushed label sets with service_name added: pushes repeat a few streams. Cleared when full. */
    private final ConcurrentHashMap<Labels, Labels> serviceNamed = new ConcurrentHashMap<>();
    private static final int SERVICE_NAMED_MAX = 16_384;

    public Distributor(Ingester ingester, Limits limits, InstantSource clock, DistributorMetrics metrics) {
        this.ingester = requireNonNull(ingester, "ingester is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    /** Pushes; throws {@link BadRequestException} with Loki's grouped message when anything was refused. */
    public void push(String tenant, List<PushStream> streams) throws BadRequestException, IOException, InterruptedException {
        if (streams.isEmpty()) throw new BadRequestException(422, "error at least one valid stream is required for ingestion");
        Map<String, Integer> errors = new LinkedHashMap<>();
        List<StreamEntries> valid = new ArrayList<>(streams.size());
        long nowNanos = nanos(clock.instant());
        long lines = 0;
        long bytes = 0;
        for (PushStream ps : streams) {
            if (ps.size() == 0) continue;
            Labels labels = withServiceName(ps.labels());
            String labelError = validateLabels(ps.labels(), labels);
            if (labelError != null) {
                errors.merge(labelError, 1, Integer::sum);
                metrics.discarded(tenant, reasonOf(labelError), ps.size(), ps.lineBytes());
                continue;
            }
            StreamEntries se = validateEntries(tenant, labels, ps, nowNanos, errors);
            if (se.size() > 0) {
                valid.add(se);
                lines += se.size();
                bytes += se.lineBytes();
            }
        }
        if (!valid.isEmpty()) {
            PushResult result = ingester.push(tenant, valid);
            metrics.received(tenant, lines, bytes);
            for (PushResult.StreamError e : result.errors()) {
                StringBuilder sb = new StringBuilder();
                for (String entry : e.entryErrors().subList(0, Math.min(10, e.entryErrors().size()))) sb.append(entry).append(",\n");
                sb.append("user '").append(tenant).append("', total ignored: ").append(e.entryErrors().size())
                        .append(" out of ").append(e.total()).append(" for stream: ").append(e.labels());
                errors.merge(sb.toString(), 1, Integer::sum);
            }
        }
        if (!errors.isEmpty()) throw new BadRequestException(groupErrors(errors));
    }

    private static String groupErrors(Map<String, Integer> errors) {
        if (errors.size() == 1 && errors.values().iterator().next() == 1) return errors.keySet().iterator().next();
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Integer> e : errors.entrySet()) {
            if (!sb.isEmpty()) sb.append("; ");
            sb.append(e.getValue()).append(" errors like: ").append(e.getKey());
        }
        return sb.toString();
    }

    private Labels withServiceName(Labels labels) {
        if (limits.discoverServiceName().isEmpty() || labels.isEmpty() || labels.has("service_name")
                || labels.has("__aggregated_metric__") || labels.has("__pattern__")) {
            return labels;
        }
        Labels named = serviceNamed.get(labels);
        if (named != null) return named;
        named = addServiceName(labels);
        if (serviceNamed.size() >= SERVICE_NAMED_MAX) serviceNamed.clear();
        serviceNamed.put(labels, named);
        return named;
    }

    private Labels addServiceName(Labels labels) {
        String value = "unknown_service";
        for (String name : limits.discoverServiceName()) {
            String v = labels.get(name);
            if (!v.isEmpty()) {
                value = v;
                break;
            }
        }
        return new Labels.Builder(labels).set("service_name", value).build();
    }

    /** Returns Loki's error message for an invalid label set, or null when valid. */
    private String validateLabels(Labels pushed, Labels labels) {
        if (pushed.isEmpty()) return "error at least one label pair is required per stream";
        int count = labels.size() - (labels.has("service_name") ? 1 : 0);
        if (count > limits.maxLabelNamesPerSeries()) {
            return "entry for stream '" + labels + "' has " + count + " label names; limit " + limits.maxLabelNamesPerSeries();
        }
        for (int i = 0; i < labels.size(); i++) {
            if (labels.name(i).length() > limits.maxLabelNameLength()) {
                return "stream '" + labels + "' has label name too long: '" + labels.name(i) + "'";
            }
            if (labels.value(i).length() > limits.maxLabelValueLength()) {
                return "stream '" + labels + "' has label value too long: '" + labels.value(i) + "'";
            }
        }
        return null;
    }

    private StreamEntries validateEntries(String tenant, Labels labels, PushStream ps, long nowNanos, Map<String, Integer> errors) {
        long oldest = limits.rejectOldSamples() ? nowNanos - limits.rejectOldSamplesMaxAge().toNanos() : Long.MIN_VALUE;
        long newest = nowNanos + limits.creationGracePeriod().toNanos();
        boolean detectLevels = limits.discoverLogLevels() && limits.allowStructuredMetadata();
        String streamLevel = detectLevels ? levels.streamLevel(labels) : null;
        long[] ts = ps.ts();
        byte[][] bufs = ps.lineBuffers();
        int[] offs = ps.lineOffsets();
        int[] lens = ps.lineLengths();
        Labels[] sm = ps.structuredMetadata();
        // Entries are compacted in place (the push owns these arrays): accepted entry k comes from entry i >= k.
        int k = ps.from();
        for (int i = ps.from(); i < ps.to(); i++) {
            long t = ts[i];
            byte[] buf = bufs[i];
            int off = offs[i];
            int len = lens[i];
            Labels meta = sm[i];
            String err = null;
            String reason = null;
            if (t < oldest) {
                err = "entry for stream '" + labels + "' has timestamp too old: " + rfc3339(t) + ", oldest acceptable timestamp is: " + rfc3339(oldest);
                reason = "greater_than_max_sample_age";
            } else if (t > newest) {
                err = "entry for stream '" + labels + "' has timestamp too new: " + rfc3339(t);
                reason = "too_far_in_future";
            } else if (limits.maxLineSizeBytes() > 0 && len > limits.maxLineSizeBytes()) {
                if (limits.maxLineSizeTruncate()) {
                    len = (int) limits.maxLineSizeBytes();
                } else {
                    err = "max entry size '" + limits.maxLineSizeBytes() + "' bytes exceeded for stream '" + labels
                            + "' while adding an entry with length '" + len + "' bytes";
                    reason = "line_too_long";
                }
            } else if (!meta.isEmpty()) {
                err = validateStructuredMetadata(labels, meta);
                reason = "structured_metadata";
            }
            if (err != null) {
                errors.merge(err, 1, Integer::sum);
                metrics.discarded(tenant, reason, 1, len);
                continue;
            }
            if (detectLevels && !meta.has(LevelDetector.LABEL)) meta = levels.withLevel(streamLevel, meta, buf, off, len);
            ts[k] = t;
            bufs[k] = buf;
            offs[k] = off;
            lens[k] = len;
            sm[k] = meta;
            k++;
        }
        return new StreamEntries(labels, ts, bufs, offs, lens, sm, ps.from(), k);
    }

    private String validateStructuredMetadata(Labels labels, Labels meta) {
        if (!limits.allowStructuredMetadata()) {
            return "stream '" + labels + "' includes structured metadata, but this feature is disallowed. Please see `limits_config.allow_structured_metadata` or contact your Loki administrator to enable it";
        }
        long size = 0;
        for (int j = 0; j < meta.size(); j++) size += meta.name(j).length() + meta.value(j).length();
        if (limits.maxStructuredMetadataSizeBytes() > 0 && size > limits.maxStructuredMetadataSizeBytes()) {
            return "stream '" + labels + "' has structured metadata too large: '" + size + "' bytes, limit: '"
                    + limits.maxStructuredMetadataSizeBytes() + "' bytes. Please see `limits_config.max_structured_metadata_size` or contact your Loki administrator to increase it";
        }
        if (limits.maxStructuredMetadataEntriesCount() > 0 && meta.size() > limits.maxStructuredMetadataEntriesCount()) {
            return "stream '" + labels + "' has too many structured metadata labels: '" + meta.size() + "', limit: '"
                    + limits.maxStructuredMetadataEntriesCount() + "'. Please see `limits_config.max_structured_metadata_entries_count` or contact your Loki administrator to increase it";
        }
        return null;
    }

    private static String reasonOf(String message) {
        if (message.startsWith("error at least one label")) return "missing_labels";
        if (message.contains("label names; limit")) return "max_label_names_per_series";
        if (message.contains("label name too long")) return "label_name_too_long";
        if (message.contains("label value too long")) return "label_value_too_long";
        return "invalid_labels";
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private static String rfc3339(long nanos) {
        return RFC3339.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)));
    }
}
