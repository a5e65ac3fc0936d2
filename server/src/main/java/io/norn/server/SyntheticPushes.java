package io.norn.server;

import com.google.protobuf.CodedOutputStream;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Push request bodies of made-up but realistic logs, in both of Loki's wire formats, for {@link Warmup}. Streams
 * look like an agent's: job/app/host labels, half of them with a {@code level} label and half without (so that
 * level detection runs), a few that log JSON, one that sends structured metadata, one that is replaced by a new
 * label set (a new {@code instance}) every {@value #CHURN_REQUESTS} requests, as restarted pods are, so that stream
 * creation is as warm as appending. Lines mix logfmt, Apache, Java, syslog and JSON shapes with varying fields.
 * Timestamps rise from a minute ago across all instances sharing one clock. Not thread-safe: one per sending thread.
 */
final class SyntheticPushes {
    static final int STREAMS = 40;
    static final int STREAMS_PER_REQUEST = 8;
    static final int LINES_PER_STREAM = 125;
    private static final int JSON_STREAMS = 4;
    private static final int POOL = 4096;
    private static final int CHURN_REQUESTS = 64;
    private static final String[] APPS = {"api", "checkout", "auth", "search", "billing", "worker", "cache", "mailer", "web"};
    private static final String[] LEVELS = {"info", "info", "info", "warn", "error", "debug"};
    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
    private static final String[] PATHS = {"/api/v1/users/", "/api/v1/orders/", "/api/v1/carts/", "/static/img/", "/healthz?probe="};

    private final Random random;
    private final AtomicLong clock;
    private final String[] labelTexts = new String[STREAMS];
    private final String[] jsonLabels = new String[STREAMS];
    private final byte[][] textLines;
    private final byte[][] jsonLines;
    private final long seed;
    private int nextGroup;
    private int requests;

    /** {@code clock} holds the next timestamp in Unix nanoseconds and is shared by all generators of one run. */
    SyntheticPushes(long seed, AtomicLong clock) {
        this.random = new Random(seed);
        this.seed = seed;
        this.clock = clock;
        for (int s = 0; s < STREAMS; s++) {
            String app = isJson(s) ? "gateway" : APPS[s % APPS.length];
            String level = s % 2 == 0 ? LEVELS[s % LEVELS.length] : null;
            labelTexts[s] = "{app=\"" + app + "\", host=\"host-" + (s % 7) + "\", job=\"warmup\""
                    + (level == null ? "" : ", level=\"" + level + "\"") + "}";
            jsonLabels[s] = "{\"app\":\"" + app + "\",\"host\":\"host-" + (s % 7) + "\",\"job\":\"warmup\""
                    + (level == null ? "" : ",\"level\":\"" + level + "\"") + "}";
        }
        textLines = new byte[POOL][];
        jsonLines = new byte[POOL][];
        for (int i = 0; i < POOL; i++) {
            textLines[i] = textLine().getBytes(StandardCharsets.UTF_8);
            jsonLines[i] = jsonLine().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static boolean isJson(int stream) {
        return stream >= STREAMS - JSON_STREAMS;
    }

    /** Structured metadata goes on the entries of one stream, as an instrumented application would send. */
    private static boolean hasMetadata(int stream) {
        return stream == 1;
    }

    /** The next request: the next group of streams, {@link #LINES_PER_STREAM} entries each, snappy protobuf. */
    byte[] protobuf() {
        int first = nextGroup();
        long ts = clock.getAndAdd((long) STREAMS_PER_REQUEST * LINES_PER_STREAM * 1000);
        int[] lineIds = lineIds();
        int size = 0;
        int[] streamSizes = new int[STREAMS_PER_REQUEST];
        for (int i = 0; i < STREAMS_PER_REQUEST; i++) {
            streamSizes[i] = streamSize(first + i, ts + i, lineIds, i);
            size += CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(streamSizes[i]) + streamSizes[i];
        }
        byte[] raw = new byte[size];
        CodedOutputStream out = CodedOutputStream.newInstance(raw);
        try {
            for (int i = 0; i < STREAMS_PER_REQUEST; i++) {
                int s = first + i;
                out.writeTag(1, 2);
                out.writeUInt32NoTag(streamSizes[i]);
                out.writeString(1, labelTexts[s]);
                for (int e = 0; e < LINES_PER_STREAM; e++) {
                    long t = ts + i + (long) e * STREAMS_PER_REQUEST * 1000;
                    byte[] line = line(s, lineIds[i * LINES_PER_STREAM + e]);
                    out.writeTag(2, 2);
                    out.writeUInt32NoTag(entrySize(t, line, s));
                    out.writeTag(1, 2);
                    out.writeUInt32NoTag(timestampSize(t));
                    out.writeInt64(1, t / 1_000_000_000L);
                    out.writeInt32(2, (int) (t % 1_000_000_000L));
                    out.writeByteArray(2, line);
                    if (hasMetadata(s)) {
                        byte[] traceId = traceId(t);
                        out.writeTag(3, 2);
                        out.writeUInt32NoTag(metadataSize(traceId));
                        out.writeString(1, "trace_id");
                        out.writeByteArray(2, traceId);
                    }
                }
            }
            out.checkNoSpaceLeft();
            return Snappy.compress(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next request as a JSON body, with the same shape as {@link #protobuf()}. */
    byte[] json() {
        int first = nextGroup();
        long ts = clock.getAndAdd((long) STREAMS_PER_REQUEST * LINES_PER_STREAM * 1000);
        int[] lineIds = lineIds();
        StringBuilder b = new StringBuilder(STREAMS_PER_REQUEST * LINES_PER_STREAM * 200).append("{\"streams\":[");
        for (int i = 0; i < STREAMS_PER_REQUEST; i++) {
            int s = first + i;
            if (i > 0) b.append(',');
            b.append("{\"stream\":").append(jsonLabels[s]).append(",\"values\":[");
            for (int e = 0; e < LINES_PER_STREAM; e++) {
                long t = ts + i + (long) e * STREAMS_PER_REQUEST * 1000;
                if (e > 0) b.append(',');
                b.append("[\"").append(t).append("\",\"");
                appendEscaped(b, new String(line(s, lineIds[i * LINES_PER_STREAM + e]), StandardCharsets.UTF_8));
                b.append('"');
                if (hasMetadata(s)) b.append(",{\"trace_id\":\"").append(new String(traceId(t), StandardCharsets.US_ASCII)).append("\"}");
                b.append(']');
            }
            b.append("]}");
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private int nextGroup() {
        if (++requests % CHURN_REQUESTS == 0) {
            labelTexts[0] = "{app=\"api\", instance=\"" + seed + "-" + requests / CHURN_REQUESTS + "\", job=\"warmup\"}";
            jsonLabels[0] = "{\"app\":\"api\",\"instance\":\"" + seed + "-" + requests / CHURN_REQUESTS + "\",\"job\":\"warmup\"}";
        }
        int first = nextGroup * STREAMS_PER_REQUEST;
        nextGroup = (nextGroup + 1) % (STREAMS / STREAMS_PER_REQUEST);
        return first;
    }

    private int[] lineIds() {
        int[] ids = new int[STREAMS_PER_REQUEST * LINES_PER_STREAM];
        for (int i = 0; i < ids.length; i++) ids[i] = random.nextInt(POOL);
        return ids;
    }

    private byte[] line(int stream, int id) {
        return isJson(stream) ? jsonLines[id] : textLines[id];
    }

    private int streamSize(int stream, long ts, int[] lineIds, int slot) {
        int size = CodedOutputStream.computeStringSize(1, labelTexts[stream]);
        for (int e = 0; e < LINES_PER_STREAM; e++) {
            long t = ts + (long) e * STREAMS_PER_REQUEST * 1000;
            int entry = entrySize(t, line(stream, lineIds[slot * LINES_PER_STREAM + e]), stream);
            size += CodedOutputStream.computeTagSize(2) + CodedOutputStream.computeUInt32SizeNoTag(entry) + entry;
        }
        return size;
    }

    private static int entrySize(long t, byte[] line, int stream) {
        int ts = timestampSize(t);
        int size = CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(ts) + ts
                + CodedOutputStream.computeByteArraySize(2, line);
        if (hasMetadata(stream)) {
            int md = metadataSize(traceId(t));
            size += CodedOutputStream.computeTagSize(3) + CodedOutputStream.computeUInt32SizeNoTag(md) + md;
        }
        return size;
    }

    private static int timestampSize(long t) {
        return CodedOutputStream.computeInt64Size(1, t / 1_000_000_000L) + CodedOutputStream.computeInt32Size(2, (int) (t % 1_000_000_000L));
    }

    private static int metadataSize(byte[] traceId) {
        return CodedOutputStream.computeStringSize(1, "trace_id") + CodedOutputStream.computeByteArraySize(2, traceId);
    }

    private static byte[] traceId(long t) {
        return String.format("%016x", t * 0x9E3779B97F4A7C15L).getBytes(StandardCharsets.US_ASCII);
    }

    private String textLine() {
        int n = random.nextInt(100_000);
        String level = LEVELS[random.nextInt(LEVELS.length)];
        return switch (random.nextInt(5)) {
            case 0 -> "ts=2026-11-24T10:%02d:%02d.%03dZ level=%s caller=handler.go:%d msg=\"request served\" method=%s path=%s%d status=%d duration=%d.%dms"
                    .formatted(n % 60, n % 59, n % 1000, level, n % 400, METHODS[n % METHODS.length], PATHS[n % PATHS.length], n,
                            status(n), n % 900, n % 10);
            case 1 -> "[Tue Nov 24 10:%02d:%02d 2026] [%s] [client 10.0.%d.%d] File does not exist: /var/www/html/assets/%d.png"
                    .formatted(n % 60, n % 59, level.equals("info") ? "notice" : level, n % 255, n % 253, n);
            case 2 -> "2026-11-24 10:%02d:%02d,%03d %-5s [pool-%d-thread-%d] c.e.OrderService - %s order %d after %d ms (attempt %d)"
                    .formatted(n % 60, n % 59, n % 1000, level.toUpperCase(), n % 4, n % 16,
                            n % 3 == 0 ? "Exception while processing" : "Processed", n, n % 5000, n % 4 + 1);
            case 3 -> "Nov 24 10:%02d:%02d host-%d sshd[%d]: %s for %s from 10.1.%d.%d port %d ssh2"
                    .formatted(n % 60, n % 59, n % 7, 1000 + n % 30000, n % 2 == 0 ? "Failed password" : "Accepted publickey",
                            n % 3 == 0 ? "invalid user admin" : "deploy", n % 255, n % 251, 1024 + n % 60000);
            default -> "%s %s: queue=%s depth=%d lag_ms=%d consumer=worker-%d; %s"
                    .formatted(level.toUpperCase(), "scheduler", APPS[n % APPS.length], n % 512, n % 3000, n % 12,
                            n % 11 == 0 ? "timed out waiting for lease, retrying" : "ok");
        };
    }

    private String jsonLine() {
        int n = random.nextInt(100_000);
        return "{\"level\":\"%s\",\"method\":\"%s\",\"path\":\"%s%d\",\"status\":%d,\"latency_ms\":%d.%03d,\"bytes\":%d,\"msg\":\"%s\"}"
                .formatted(LEVELS[n % LEVELS.length], METHODS[n % METHODS.length], PATHS[n % PATHS.length], n, status(n), n % 800,
                        n % 1000, n % 20000, n % 13 == 0 ? "upstream \\\"billing\\\" timed out" : "handled request");
    }

    private static int status(int n) {
        return n % 17 == 0 ? 503 : n % 9 == 0 ? 404 : 200;
    }

    private static void appendEscaped(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') b.append('\\');
            b.append(c);
        }
    }
}
