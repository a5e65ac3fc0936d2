package io.norn.logql.engine;

import io.norn.logql.log.Units;

/**
 * Conversions of unwrapped label values to sample values, as Loki does them: Go's {@code strconv.ParseFloat},
 * Go durations ({@code duration()}, {@code duration_seconds()}: in seconds) and humanized byte sizes
 * ({@code bytes()}). Parsing is {@link Units}'; a failure throws {@link IllegalArgumentException} whose message is
 * Go's error text (it becomes {@code __error_details__}).
 */
enum UnwrapConversion {
    FLOAT, DURATION, BYTES;

    double convert(String s) {
        Units.Parsed p = switch (this) {
            case FLOAT -> Units.parseFloat(s);
            case DURATION -> Units.parseDuration(s);
            case BYTES -> Units.parseBytes(s);
        };
        if (!p.ok()) throw new IllegalArgumentException(p.error());
        return switch (this) {
            case FLOAT -> p.value();
            // Go's Duration.Seconds(): whole seconds plus the nanosecond remainder
            case DURATION -> (p.nanosOrBytes() / 1_000_000_000L) + (p.nanosOrBytes() % 1_000_000_000L) / 1e9;
            case BYTES -> (double) p.nanosOrBytes();
        };
    }
}
