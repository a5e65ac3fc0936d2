package io.norn.querier;

import io.norn.distributor.Limits;
import io.norn.logql.engine.Querier;
import io.norn.logql.syntax.Expr;
import io.norn.logql.syntax.LogSelectorExpr;
import io.norn.loghttp.BadRequestException;
import io.norn.loghttp.Durations;
import io.norn.loghttp.JsonOut;
import io.norn.loghttp.TimeParams;
import io.norn.model.LabelMatcher;
import io.norn.model.Labels;
import io.norn.server.ApiRequest;
import io.norn.server.ApiResponse;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** {@code labels}, {@code label/<name>/values} and {@code series}. Thread-safe. */
public final class MetadataEndpoints {
    public static final String LABEL_VALUES_PREFIX = "/loki/api/v1/label/";
    private final Function<String, Querier> querierForTenant;
    private final InstantSource clock;

    public MetadataEndpoints(Function<String, Querier> querierForTenant, Limits limits, InstantSource clock) {
        this.querierForTenant = querierForTenant;
        this.clock = clock;
    }

    private record Range(long start, long end) {
    }

    private Range range(ApiRequest r) throws BadRequestException {
        java.time.Instant now = clock.instant();
        long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        long end = r.param("end").isPresent() ? TimeParams.parseTime(r.param("end").get(), "end") : nowNanos;
        long start;
        if (r.param("start").isPresent()) {
            start = TimeParams.parseTime(r.param("start").get(), "start");
        } else {
            long since = 3_600_000_000_000L;
            if (r.param("since").isPresent()) {
                try {
                    since = Durations.parse(r.param("since").get()).toNanos();
                } catch (IllegalArgumentException e) {
                    throw new BadRequestException("could not parse 'since' parameter: " + e.getMessage());
                }
            }
            start = Math.min(end, nowNanos) - since;
        }
        if (end < start) throw new BadRequestException("end timestamp must not be before or equal to start time");
        return new Range(start, end);
    }

    private static List<LabelMatcher> selector(String query) throws BadRequestException {
        if (query == null || query.isBlank()) return List.of();
        Expr e = QueryEndpoints.parse(query);
        if (e instanceof LogSelectorExpr s) return s.matchers();
        throw new BadRequestException("parse error : only a stream selector is allowed here: " + query);
    }

    public ApiResponse labels(ApiRequest r) throws BadRequestException, IOException {
        Range range = range(r);
        Set<String> names = new TreeSet<>();
        for (Labels l : querierForTenant.apply(r.tenant()).series(selector(r.param("query").orElse(null)), range.start, range.end)) {
            for (int i = 0; i < l.size(); i++) names.add(l.name(i));
        }
        return stringList(names);
    }

    public ApiResponse labelValues(ApiRequest r) throws BadRequestException, IOException {
        String rest = r.path().substring(LABEL_VALUES_PREFIX.length());
        if (!rest.endsWith("/values")) return ApiResponse.text(404, "404 page not found\n");
        String name = URLDecoder.decode(rest.substring(0, rest.length() - "/values".length()), StandardCharsets.UTF_8);
        Range range = range(r);
        Set<String> values = new TreeSet<>();
        for (Labels l : querierForTenant.apply(r.tenant()).series(selector(r.param("query").orElse(null)), range.start, range.end)) {
            String v = l.get(name);
            if (!v.isEmpty()) values.add(v);
        }
        return stringList(values);
    }

    public ApiResponse series(ApiRequest r) throws BadRequestException, IOException {
        Range range = range(r);
        List<String> matches = new ArrayList<>(r.params("match[]"));
        matches.addAll(r.params("match"));
        Set<Labels> out = new LinkedHashSet<>();
        Querier q = querierForTenant.apply(r.tenant());
        if (matches.isEmpty()) matches.add("");
        for (String m : matches) {
            List<LabelMatcher> matchers = m.isBlank() || m.trim().equals("{}") ? List.of() : selector(m);
            out.addAll(q.series(matchers, range.start, range.end));
        }
        JsonOut json = new JsonOut();
        json.raw("{\"status\":\"success\",\"data\":[");
        boolean first = true;
        for (Labels l : out) {
            if (!first) json.raw(',');
            first = false;
            QueryEndpoints.writeLabels(json, l);
        }
        json.raw("]}\n");
        return ApiResponse.json(json.toByteArray());
    }

    private static ApiResponse stringList(Set<String> values) {
        JsonOut json = new JsonOut();
        json.raw("{\"status\":\"success\"");
        if (!values.isEmpty()) {
            json.raw(",\"data\":[");
            boolean first = true;
            for (String v : values) {
                if (!first) json.raw(',');
                first = false;
                json.str(v);
            }
            json.raw(']');
        }
        json.raw("}\n");
        return ApiResponse.json(json.toByteArray());
    }
}
