package io.norn.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Benchmark input built from the real loghub samples: raw lines, and the same lines wrapped as JSON and logfmt
 * objects with a level, a status and a duration (as the shared load generator's JSON streams are).
 */
public final class BenchData {
    private static final String[] LEVELS = {"info", "info", "info", "warn", "error", "debug"};

    private BenchData() {
    }

    /** The loghub directory: {@code -Dnorn.bench.data=DIR}, else {@code ../shared/data/loghub} from the repository. */
    public static Path loghubDir() {
        String configured = System.getProperty("norn.bench.data");
        if (configured != null) return Path.of(configured);
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared/data/loghub");
            if (Files.isDirectory(c)) return c;
            c = p.resolve("../shared/data/loghub").normalize();
            if (Files.isDirectory(c)) return c;
        }
        throw new IllegalStateException("loghub data not found; pass -Dnorn.bench.data=DIR");
    }

    public static List<String> rawLines(Path dir) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) if (!l.isEmpty()) out.add(l);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static byte[][] raw(List<String> lines) {
        byte[][] out = new byte[lines.size()][];
        for (int i = 0; i < out.length; i++) out[i] = lines.get(i).getBytes(StandardCharsets.UTF_8);
        return out;
    }

    public static byte[][] json(List<String> lines) {
        byte[][] out = new byte[lines.size()][];
        for (int i = 0; i < out.length; i++) {
            String msg = lines.get(i).replace("\\", "\\\\").replace("\"", "\\\"");
            out[i] = ("{\"level\":\"" + LEVELS[i % LEVELS.length] + "\",\"method\":\"GET\",\"status\":" + (200 + (i % 5) * 100)
                    + ",\"latency_ms\":" + (i % 997) / 10.0 + ",\"msg\":\"" + msg + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    /**
     * The lines as the load generator's gateway streams emit them: request fields first, the log line last as
     * {@code msg}, one line in 25 a server error.
     */
    public static byte[][] gateway(List<String> lines) {
        String[] methods = {"GET", "GET", "POST", "PUT", "DELETE"};
        String[] paths = {"/api/v1/orders/", "/api/v1/users/", "/api/v1/carts/"};
        int[] statuses = {200, 200, 200, 201, 404, 200};
        byte[][] out = new byte[lines.size()][];
        for (int i = 0; i < out.length; i++) {
            String msg = lines.get(i).replace("\\", "\\\\").replace("\"", "\\\"");
            int status = i % 25 == 0 ? 503 : statuses[i % statuses.length];
            out[i] = ("{\"level\":\"" + LEVELS[i % LEVELS.length] + "\",\"method\":\"" + methods[i % methods.length]
                    + "\",\"path\":\"" + paths[i % paths.length] + (i * 7919 % 100_000) + "\",\"status\":" + status
                    + ",\"latency_ms\":" + (i % 20_011) / 1000.0 + ",\"bytes\":" + (i * 31 % 20_000) + ",\"msg\":\"" + msg + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    public static byte[][] logfmt(List<String> lines) {
        byte[][] out = new byte[lines.size()][];
        for (int i = 0; i < out.length; i++) {
            String msg = lines.get(i).replace("\\", "\\\\").replace("\"", "\\\"");
            out[i] = ("level=" + LEVELS[i % LEVELS.length] + " method=GET status=" + (200 + (i % 5) * 100) + " duration="
                    + (i % 97) + "ms msg=\"" + msg + "\"").getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    public static long totalBytes(byte[][] lines) {
        long n = 0;
        for (byte[] l : lines) n += l.length;
        return n;
    }
}
