package io.norn.model;

import java.util.Locale;
import java.util.Optional;

/**
 * go-humanize's {@code ParseBytes}, which Loki uses for bytes label filters, {@code unwrap bytes()} and the
 * {@code bytes} template function: a number (commas allowed) with an optional SI or IEC suffix, e.g. "3MB",
 * "2 MiB", "1,024 kB", "42". Thread-safe (stateless).
 */
public final class HumanBytes {
    /** The byte count, or Go's error text. */
    public record Result(double bytes, Optional<String> error) {
        public boolean ok() {
            return error.isEmpty();
        }
    }

    private HumanBytes() {
    }

    public static Result parse(String s) {
        int last = 0;
        boolean comma = false;
        while (last < s.length()) {
            char c = s.charAt(last);
            if (!(c >= '0' && c <= '9' || c == '.' || c == ',')) break;
            if (c == ',') comma = true;
            last++;
        }
        String num = comma ? s.substring(0, last).replace(",", "") : s.substring(0, last);
        if (num.isEmpty() || num.equals(".") || num.indexOf('.') != num.lastIndexOf('.')) {
            return failed("strconv.ParseFloat: parsing " + GoQuote.quote(num) + ": invalid syntax");
        }
        double f = Double.parseDouble(num);
        String extra = s.substring(last).strip().toLowerCase(Locale.ROOT);
        double m = switch (extra) {
            case "", "b" -> 1;
            case "k", "kb" -> 1e3;
            case "ki", "kib" -> 1024;
            case "m", "mb" -> 1e6;
            case "mi", "mib" -> 1024.0 * 1024;
            case "g", "gb" -> 1e9;
            case "gi", "gib" -> Math.pow(1024, 3);
            case "t", "tb" -> 1e12;
            case "ti", "tib" -> Math.pow(1024, 4);
            case "p", "pb" -> 1e15;
            case "pi", "pib" -> Math.pow(1024, 5);
            case "e", "eb" -> 1e18;
            case "ei", "eib" -> Math.pow(1024, 6);
            default -> -1;
        };
        if (m < 0) return failed("unhandled size name: " + extra);
        double v = f * m;
        if (v >= 1.8446744073709552E19) return failed("too large: " + s);
        // Go converts to uint64, which truncates toward zero.
        return new Result(Math.floor(v), Optional.empty());
    }

    private static Result failed(String error) {
        return new Result(0, Optional.of(error));
    }
}
