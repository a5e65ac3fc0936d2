package io.norn.querier;

import io.norn.distributor.Limits;
import io.norn.loghttp.BadRequestException;
import io.norn.loghttp.Durations;
import io.norn.loghttp.TimeParams;
import io.norn.model.Direction;
import io.norn.server.ApiRequest;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** The parameters of {@code query} and {@code query_range}, parsed and checked as Loki does. */
record QueryRequest(String query, long startNanos, long endNanos, long stepNanos, int limit, Direction direction, boolean instant) {
    private static final long INSTANT_LOG_LOOKBACK_NANOS = 30_000_000_000L;

    static QueryRequest parseRange(ApiRequest r, long nowNanos, Limits limits) throws BadRequestException {
        String query = r.param("query").orElse("");
        long end = r.param("end").isPresent() ? TimeParams.parseTime(r.param("end").get(), "end") : nowNanos;
        long start;
        if (r.param("start").isPresent()) {
            start = TimeParams.parseTime(r.param("start").get(), "start");
        } else {
            long since = parseSince(r.param("since"));
            start = Math.min(end, nowNanos) - since;
        }
        int limit = parseLimit(r.param("limit"));
        Direction dir = parseDirection(r.param("direction"));
        if (end < start) throw new BadRequestException("end timestamp must not be before or equal to start time");
        long step;
        if (r.param("step").isPresent()) {
            step = TimeParams.parseDurationOrSeconds(r.param("step").get());
        } else {
            step = Math.max(1, (end - start) / 1_000_000_000L / 250) * 1_000_000_000L;
        }
        if (step <= 0) {
            throw new BadRequestException("zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if ((end - start) / step > 11000) {
            throw new BadRequestException("exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter");
        }
        checkLength(start, end, limits);
        return new QueryRequest(query, start, end, step, limit, dir, false);
    }

    static QueryRequest parseInstant(ApiRequest r, long nowNanos) throws BadRequestException {
        String query = r.param("query").orElse("");
        long time = r.param("time").isPresent() ? TimeParams.parseTime(r.param("time").get(), "time") : nowNanos;
        int limit = parseLimit(r.param("limit"));
        Direction dir = parseDirection(r.param("direction"));
        return new QueryRequest(query, time, time, 0, limit, dir, true);
    }

    /** The range an instant log query reads: Loki's 30 s look-back before {@code time}, end exclusive. */
    long instantLogStart() {
        return endNanos - INSTANT_LOG_LOOKBACK_NANOS;
    }

    static void checkLength(long start, long end, Limits limits) throws BadRequestException {
        Duration max = limits.maxQueryLength();
        if (!max.isZero() && end - start > max.toNanos()) {
            throw new BadRequestException("the query time range exceeds the limit (query length: "
                    + Durations.goString(Duration.ofNanos(end - start)) + ", limit: " + Durations.promString(max) + ")");
        }
    }

    void checkEntriesLimit(Limits limits) throws BadRequestException {
        int max = limits.maxEntriesLimitPerQuery();
        if (max > 0 && limit > max) {
            throw new BadRequestException("max entries limit per query exceeded, limit > max_entries_limit_per_query (" + limit + " > " + max + ")");
        }
    }

    private static long parseSince(Optional<String> since) throws BadRequestException {
        if (since.isEmpty()) return 3_600_000_000_000L;
        try {
            return Durations.parse(since.get()).toNanos();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("could not parse 'since' parameter: " + e.getMessage());
        }
    }

    private static int parseLimit(Optional<String> v) throws BadRequestException {
        if (v.isEmpty()) return 100;
        int n;
        try {
            n = Integer.parseInt(v.get());
        } catch (NumberFormatException e) {
            throw new BadRequestException("strconv.Atoi: parsing " + io.norn.model.GoQuote.quote(v.get()) + ": invalid syntax");
        }
        if (n <= 0) throw new BadRequestException("limit must be a positive value");
        return n;
    }

    private static Direction parseDirection(Optional<String> v) throws BadRequestException {
        if (v.isEmpty()) return Direction.BACKWARD;
        return switch (v.get().toLowerCase(Locale.ROOT)) {
            case "forward" -> Direction.FORWARD;
            case "backward" -> Direction.BACKWARD;
            default -> throw new BadRequestException("invalid direction '" + v.get() + "'");
        };
    }
}
