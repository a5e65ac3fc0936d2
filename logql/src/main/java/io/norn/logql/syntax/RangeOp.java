package io.norn.logql.syntax;

/** Range aggregation functions. */
public enum RangeOp {
    COUNT_OVER_TIME("count_over_time"), RATE("rate"), RATE_COUNTER("rate_counter"), BYTES_OVER_TIME("bytes_over_time"),
    BYTES_RATE("bytes_rate"), AVG_OVER_TIME("avg_over_time"), SUM_OVER_TIME("sum_over_time"),
    MIN_OVER_TIME("min_over_time"), MAX_OVER_TIME("max_over_time"), STDVAR_OVER_TIME("stdvar_over_time"),
    STDDEV_OVER_TIME("stddev_over_time"), QUANTILE_OVER_TIME("quantile_over_time"),
    FIRST_OVER_TIME("first_over_time"), LAST_OVER_TIME("last_over_time"), ABSENT_OVER_TIME("absent_over_time");

    private final String keyword;

    RangeOp(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
