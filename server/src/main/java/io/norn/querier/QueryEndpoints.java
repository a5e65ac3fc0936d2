package io.norn.querier;

import io.norn.distributor.Limits;
import io.norn.logql.engine.LineFilterCompiler;
import io.norn.logql.engine.LogQueryEngine;
import io.norn.logql.engine.Querier;
import io.norn.logql.syntax.Expr;
import io.norn.logql.syntax.LogQL;
import io.norn.logql.syntax.LogSelectorExpr;
import io.norn.logql.syntax.ParseException;
import io.norn.logql.syntax.SampleExpr;
import io.norn.loghttp.BadRequestException;
import io.norn.loghttp.JsonOut;
import io.norn.loghttp.QueryStats;
import io.norn.model.Labels;
import io.norn.server.ApiRequest;
import io.norn.server.ApiResponse;

import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** {@code /loki/api/v1/query} and {@code /loki/api/v1/query_range}. Thread-safe. */
public final class QueryEndpoints {
    private final Function<String, Querier> querierForTenant;
    private final Limits limits;
    private final InstantSource clock;
    private final LogQueryEngine logEngine = new LogQueryEngine();

    public QueryEndpoints(Function<String, Querier> querierForTenant, Limits limits, InstantSource clock) {
        this.querierForTenant = querierForTenant;
        this.limits = limits;
        this.clock = clock;
    }

    public ApiResponse queryRange(ApiRequest r) throws BadRequestException, IOException {
        QueryRequest q = QueryRequest.parseRange(r, nowNanos(), limits);
        Expr expr = parse(q.query());
        return switch (expr) {
            case LogSelectorExpr log -> {
                q.checkEntriesLimit(limits);
                yield logQuery(r.tenant(), log, q.startNanos(), q.endNanos(), q);
            }
            case SampleExpr sample -> throw new BadRequestException("metric queries are not supported yet: " + q.query());
        };
    }

    public ApiResponse query(ApiRequest r) throws BadRequestException, IOException {
        QueryRequest q = QueryRequest.parseInstant(r, nowNanos());
        Expr expr = parse(q.query());
        return switch (expr) {
            case LogSelectorExpr log -> {
                q.checkEntriesLimit(limits);
                yield logQuery(r.tenant(), log, q.instantLogStart(), q.endNanos(), q);
            }
            case SampleExpr sample -> throw new BadRequestException("metric queries are not supported yet: " + q.query());
        };
    }

    static Expr parse(String query) throws BadRequestException {
        try {
            return LogQL.parse(query);
        } catch (ParseException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private ApiResponse logQuery(String tenant, LogSelectorExpr log, long start, long end, QueryRequest q)
            throws BadRequestException, IOException {
        if (!log.onlyLineFilters()) {
            throw new BadRequestException("log pipeline stages other than line filters are not supported yet: " + q.query());
        }
        long t0 = System.nanoTime();
        LogQueryEngine.LogResult result = logEngine.select(querierForTenant.apply(tenant), log.matchers(),
                LineFilterCompiler.compile(log.lineFilters()), start, end, q.direction(), q.limit());
        double exec = (System.nanoTime() - t0) / 1e9;
        List<LogQueryEngine.StreamResult> streams = new ArrayList<>(result.streams());
        streams.sort(Comparator.comparing(LogQueryEngine.StreamResult::labels));
        JsonOut out = new JsonOut();
        out.raw("{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",\"result\":[");
        for (int i = 0; i < streams.size(); i++) {
            if (i > 0) out.raw(',');
            LogQueryEngine.StreamResult s = streams.get(i);
            out.raw("{\"stream\":");
            writeLabels(out, s.labels());
            out.raw(",\"values\":[");
            for (int j = 0; j < s.ts().length; j++) {
                if (j > 0) out.raw(',');
                out.raw("[\"").number(s.ts()[j]).raw("\",").line(s.lines()[j], 0, s.lines()[j].length).raw(']');
            }
            out.raw("]}");
        }
        out.raw("],\"stats\":");
        QueryStats.write(out, exec, result.entries(), result.linesProcessed(), result.bytesProcessed());
        out.raw("}}\n");
        return ApiResponse.json(out.toByteArray());
    }

    static void writeLabels(JsonOut out, Labels labels) {
        out.raw('{');
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) out.raw(',');
            out.str(labels.name(i)).raw(':').str(labels.value(i));
        }
        out.raw('}');
    }

    private long nowNanos() {
        java.time.Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
