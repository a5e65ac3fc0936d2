package io.norn.logql.syntax;

/** Vector aggregation operators. */
public enum VectorOp {
    SUM("sum"), AVG("avg"), MIN("min"), MAX("max"), COUNT("count"), STDDEV("stddev"), STDVAR("stdvar"),
    TOPK("topk"), BOTTOMK("bottomk"), SORT("sort"), SORT_DESC("sort_desc"), APPROX_TOPK("approx_topk");

    private final String keyword;

    VectorOp(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    /** True for the operators that take a count parameter ({@code topk(5, ...)}). */
    public boolean takesParam() {
        return this == TOPK || this == BOTTOMK || this == APPROX_TOPK;
    }
}
