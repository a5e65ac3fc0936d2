package io.norn.loghttp;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Loki's parsing of {@code start}, {@code end}, {@code time} and {@code step} parameters. */
public final class TimeParams {
    private TimeParams() {
    }

    /** Parses a time parameter to Unix nanoseconds; {@code name} is used in the error text. */
    public static long parseTime(String value, String name) throws BadRequestException {
        String v = value.trim();
        if (v.contains(".")) {
            try {
                double secs = Double.parseDouble(v);
                long whole = (long) Math.floor(secs);
                long millis = Math.round((secs - whole) * 1000);
                return whole * 1_000_000_000L + millis * 1_000_000L;
            } catch (NumberFormatException ignored) {
                // not a float: try the other forms below, as Loki does
            }
        }
        try {
            long n = Long.parseLong(v);
            return v.length() <= 10 ? n * 1_000_000_000L : n;
        } catch (NumberFormatException ignored) {
            // not an integer: try RFC 3339 below
        }
        try {
            Instant i = OffsetDateTime.parse(v).toInstant();
            return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        } catch (DateTimeParseException e) {
            String base = "strconv.ParseInt: parsing " + io.norn.model.GoQuote.quote(v) + ": invalid syntax";
            throw new BadRequestException(name.equals("time") ? base : "could not parse '" + name + "' parameter: " + base);
        }
    }

    /** Parses {@code step}/{@code interval}: float seconds, else a duration. Returns nanoseconds. */
    public static long parseDurationOrSeconds(String value) throws BadRequestException {
        String v = value.trim();
        try {
            double secs = Double.parseDouble(v);
            double ns = secs * 1e9;
            if (ns > Long.MAX_VALUE || ns < Long.MIN_VALUE) {
                throw new BadRequestException("cannot parse \"" + v + "\" to a valid duration. It overflows int64");
            }
            return (long) ns;
        } catch (NumberFormatException ignored) {
            // not a number: try a duration
        }
        try {
            return Durations.parse(v).toNanos();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("cannot parse \"" + v + "\" to a valid duration");
        }
    }
}
