package io.norn.distributor;

import io.norn.model.Labels;

import java.util.List;

/**
 * Loki 3.x's {@code detected_level}: the level from a level-like stream label or structured-metadata pair,
 * else from a JSON or logfmt level field in the line, else from a keyword in the line; {@code unknown} when
 * none is found. Thread-safe (stateless).
 */
final class LevelDetector {
    static final String LABEL = "detected_level";
    private static final List<String> FIELDS = List.of("level", "LEVEL", "Level", "log.level", "severity", "SEVERITY", "Severity",
            "SeverityText", "lvl", "LVL", "Lvl", "severity_text", "Severity_Text", "SEVERITY_TEXT");

    private LevelDetector() {
    }

    static String detect(Labels stream, Labels meta, byte[] line) {
        for (String f : FIELDS) {
            String v = stream.get(f);
            if (v.isEmpty()) v = meta.get(f);
            if (!v.isEmpty()) return normalize(v);
        }
        String text = new String(line, 0, Math.min(line.length, 4096), java.nio.charset.StandardCharsets.UTF_8);
        for (String f : FIELDS) {
            String v = fieldValue(text, f);
            if (v != null) return normalize(v);
        }
        return keyword(text);
    }

    /** The value of {@code "field":"v"} (JSON) or {@code field=v} (logfmt) in the line, or null. */
    private static String fieldValue(String text, String field) {
        int i = text.indexOf("\"" + field + "\"");
        if (i >= 0) {
            int colon = text.indexOf(':', i + field.length() + 2);
            if (colon >= 0) {
                int q = colon + 1;
                while (q < text.length() && text.charAt(q) == ' ') q++;
                if (q < text.length() && text.charAt(q) == '"') {
                    int end = text.indexOf('"', q + 1);
                    if (end > q) return text.substring(q + 1, end);
                }
            }
        }
        int j = text.indexOf(field + "=");
        if (j >= 0 && (j == 0 || text.charAt(j - 1) == ' ')) {
            int s = j + field.length() + 1;
            boolean quoted = s < text.length() && text.charAt(s) == '"';
            if (quoted) s++;
            int e = s;
            while (e < text.length() && (quoted ? text.charAt(e) != '"' : text.charAt(e) != ' ')) e++;
            if (e > s) return text.substring(s, e);
        }
        return null;
    }

    private static String normalize(String v) {
        String l = v.toLowerCase(java.util.Locale.ROOT);
        return switch (l) {
            case "trace", "trc" -> "trace";
            case "debug", "dbg" -> "debug";
            case "info", "inf", "information", "informational", "notice" -> "info";
            case "warn", "warning", "wrn" -> "warn";
            case "error", "err", "eror" -> "error";
            case "critical", "crit" -> "critical";
            case "fatal", "panic", "emerg", "alert" -> "fatal";
            default -> keyword(l).equals("unknown") ? v : keyword(l);
        };
    }

    private static String keyword(String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        if (t.contains("trace")) return "trace";
        if (t.contains("debug")) return "debug";
        if (t.contains("info")) return "info";
        if (t.contains("warn")) return "warn";
        if (t.contains("error") || t.contains("err ")) return "error";
        if (t.contains("critical")) return "critical";
        if (t.contains("fatal")) return "fatal";
        return "unknown";
    }
}
