package io.norn.querier;

import io.norn.distributor.Limits;
import io.norn.logql.engine.Matrix;
import io.norn.logql.engine.MetricEngine;
import io.norn.logql.engine.MetricResult;
import io.norn.logql.engine.PipelineCompiler;
import io.norn.logql.engine.QueryLimits;
import io.norn.logql.engine.QueryWindow;
import io.norn.logql.engine.Sample;
import io.norn.logql.engine.Scalar;
import io.norn.logql.engine.Series;
import io.norn.logql.engine.Vector;
import io.norn.logql.engine.QueryException;
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
    static final String ENCODING_FLAGS_HEADER = "x-loki-response-encoding-flags";
    static final String CATEGORIZE_LABELS = "categorize-labels";
    private final LogQueryEngine logEngine;
    private final MetricEngine metricEngine;

    public QueryEndpoints(Function<String, Querier> querierForTenant, Limits limits, InstantSource clock, MetricEngine metricEngine,
                          LogQueryEngine logEngine) {
        this.logEngine = logEngine;
        this.querierForTenant = querierForTenant;
        this.limits = limits;
        this.clock = clock;
        this.metricEngine = metricEngine;
    }

    private ApiResponse metricQuery(ApiRequest r, SampleExpr expr, QueryWindow window) throws BadRequestException {
        QueryLimits queryLimits = QueryLimits.withTimeout(limits.maxQuerySeries(), limits.queryTimeout(), clock,
                () -> Thread.currentThread().isInterrupted());
        long t0 = System.nanoTime();
        MetricResult result;
        try {
            result = metricEngine.evaluate(expr, querierForTenant.apply(r.tenant()), window, queryLimits);
        } catch (QueryException e) {
            if (e.status() == 400) throw new BadRequestException(e.getMessage());
            return ApiResponse.text(e.status(), e.getMessage());
        }
        double exec = (System.nanoTime() - t0) / 1e9;
        JsonOut out = new JsonOut();
        out.raw("{\"status\":\"success\",\"data\":{");
        long returned = 0;
        switch (result) {
            case Matrix m -> {
                out.raw("\"resultType\":\"matrix\",\"result\":[");
                for (int i = 0; i < m.series().size(); i++) {
                    Series s = m.series().get(i);
                    if (i > 0) out.raw(',');
                    out.raw("{\"metric\":");
                    writeLabels(out, s.metric());
                    out.raw(",\"values\":[");
                    for (int j = 0; j < s.tsMillis().length; j++) {
                        if (j > 0) out.raw(',');
                        writeSample(out, s.tsMillis()[j], s.values()[j]);
                    }
                    out.raw("]}");
                    returned += s.tsMillis().length;
                }
                out.raw(']');
            }
            case Vector v -> {
                out.raw("\"resultType\":\"vector\",\"result\":[");
                for (int i = 0; i < v.samples().size(); i++) {
                    Sample s = v.samples().get(i);
                    if (i > 0) out.raw(',');
                    out.raw("{\"metric\":");
                    writeLabels(out, s.metric());
                    out.raw(",\"value\":");
                    writeSample(out, v.tsMillis(), s.value());
                    out.raw('}');
                }
                returned = v.samples().size();
                out.raw(']');
            }
            case Scalar s -> {
                out.raw("\"resultType\":\"scalar\",\"result\":");
                writeSample(out, s.tsMillis(), s.value());
                returned = 1;
            }
        }
        out.raw(",\"stats\":");
        QueryStats.write(out, exec, returned, 0, 0);
        out.raw("}}\n");
        return ApiResponse.json(out.toByteArray());
    }

    private static void writeSample(JsonOut out, long tsMillis, double value) {
        out.raw('[').raw(JsonOut.formatSeconds(tsMillis)).raw(",\"").raw(JsonOut.formatFloat(value)).raw("\"]");
    }

    public ApiResponse queryRange(ApiRequest r) throws BadRequestException, IOException {
        QueryRequest q = QueryRequest.parseRange(r, nowNanos(), limits);
        Expr expr = parse(q.query());
        return switch (expr) {
            case LogSelectorExpr log -> {
                q.checkEntriesLimit(limits);
                yield logQuery(r, log, q.startNanos(), q.endNanos(), q);
            }
            case SampleExpr sample -> metricQuery(r, sample, QueryWindow.range(q.startNanos(), q.endNanos(), q.stepNanos()));
        };
    }

    public ApiResponse query(ApiRequest r) throws BadRequestException, IOException {
        QueryRequest q = QueryRequest.parseInstant(r, nowNanos());
        Expr expr = parse(q.query());
        return switch (expr) {
            case LogSelectorExpr log -> {
                q.checkEntriesLimit(limits);
                yield logQuery(r, log, q.instantLogStart(), q.endNanos(), q);
            }
            case SampleExpr sample -> metricQuery(r, sample, QueryWindow.instant(q.endNanos()));
        };
    }

    static Expr parse(String query) throws BadRequestException {
        try {
            return LogQL.parse(query);
        } catch (ParseException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private ApiResponse logQuery(ApiRequest r, LogSelectorExpr log, long start, long end, QueryRequest q)
            throws BadRequestException, IOException {
        boolean categorize = r.header(ENCODING_FLAGS_HEADER).map(v -> v.contains(CATEGORIZE_LABELS)).orElse(false);
        LogQueryEngine.LogQuery query;
        try {
            query = new LogQueryEngine.LogQuery(log.matchers(), PipelineCompiler.compileBehindPushdown(log.stages()),
                    PipelineCompiler.linePredicate(log.stages()), start, end, q.direction(), q.limit(), categorize);
        } catch (QueryException | IllegalArgumentException e) {
            throw new BadRequestException(pipelineError(log, e));
        }
        long t0 = System.nanoTime();
        LogQueryEngine.LogResult result = logEngine.select(querierForTenant.apply(r.tenant()), query);
        double exec = (System.nanoTime() - t0) / 1e9;
        List<LogQueryEngine.StreamResult> streams = new ArrayList<>(result.streams());
        streams.sort(Comparator.comparing(LogQueryEngine.StreamResult::labels));
        JsonOut out = new JsonOut();
        out.raw("{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",");
        if (categorize) out.raw("\"encodingFlags\":[\"" + CATEGORIZE_LABELS + "\"],");
        out.raw("\"result\":[");
        for (int i = 0; i < streams.size(); i++) {
            if (i > 0) out.raw(',');
            LogQueryEngine.StreamResult s = streams.get(i);
            out.raw("{\"stream\":");
            writeLabels(out, s.labels());
            out.raw(",\"values\":[");
            for (int j = 0; j < s.ts().length; j++) {
                if (j > 0) out.raw(',');
                out.raw("[\"").number(s.ts()[j]).raw("\",").line(s.lines()[j], 0, s.lines()[j].length);
                if (categorize) writeCategories(out, s.structuredMetadata()[j], s.parsed()[j]);
                out.raw(']');
            }
            out.raw("]}");
        }
        out.raw("],\"stats\":");
        QueryStats.write(out, exec, result.entries(), result.linesProcessed(), result.bytesProcessed());
        out.raw("}}\n");
        return ApiResponse.json(out.toByteArray());
    }

    /** Loki reports pipeline construction errors as parse errors naming the stage. */
    private static String pipelineError(LogSelectorExpr log, RuntimeException e) {
        String msg = e.getMessage();
        if (msg.startsWith("parse error")) return msg;
        for (io.norn.logql.syntax.StageExpr s : log.stages()) {
            if ((s instanceof io.norn.logql.syntax.LineFormatExpr || s instanceof io.norn.logql.syntax.LabelFormatExpr)
                    && msg.contains("template")) {
                return "parse error : stage '" + io.norn.logql.syntax.Printer.stage(s) + "' : " + msg;
            }
        }
        return "parse error : " + msg;
    }

    private static void writeCategories(JsonOut out, Labels sm, Labels parsed) {
        out.raw(",{");
        boolean any = false;
        if (!sm.isEmpty()) {
            out.raw("\"structuredMetadata\":");
            writeLabels(out, sm);
            any = true;
        }
        if (!parsed.isEmpty()) {
            if (any) out.raw(',');
            out.raw("\"parsed\":");
            writeLabels(out, parsed);
        }
        out.raw('}');
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
