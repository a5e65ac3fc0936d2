package io.norn.logql.syntax;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** Loki's checks when it builds range and vector aggregation nodes, with Loki's error texts. */
final class RangeValidation {
    private RangeValidation() {
    }

    static RangeAggregationExpr rangeAggregation(RangeOp op, LogRangeExpr range, String param, Optional<Grouping> grouping)
            throws ParseException {
        OptionalDouble p = OptionalDouble.empty();
        if (param != null) {
            if (op != RangeOp.QUANTILE_OVER_TIME) {
                throw new ParseException("parameter " + param + " not supported for operation " + op.keyword());
            }
            p = OptionalDouble.of(Parser.parseFloat(param, "invalid parameter for operation " + op.keyword() + ": "));
        } else if (op == RangeOp.QUANTILE_OVER_TIME) {
            throw new ParseException("parameter required for operation " + op.keyword());
        }
        if (grouping.isPresent()) {
            switch (op) {
                case AVG_OVER_TIME, STDDEV_OVER_TIME, STDVAR_OVER_TIME, QUANTILE_OVER_TIME, RATE, RATE_COUNTER,
                     MAX_OVER_TIME, MIN_OVER_TIME, FIRST_OVER_TIME, LAST_OVER_TIME -> {
                }
                case COUNT_OVER_TIME, BYTES_OVER_TIME, BYTES_RATE, SUM_OVER_TIME, ABSENT_OVER_TIME ->
                        throw new ParseException("grouping not allowed for " + op.keyword() + " aggregation");
            }
        }
        if (range.unwrap().isPresent()) {
            switch (op) {
                case AVG_OVER_TIME, SUM_OVER_TIME, MAX_OVER_TIME, MIN_OVER_TIME, STDDEV_OVER_TIME, STDVAR_OVER_TIME,
                     QUANTILE_OVER_TIME, RATE, RATE_COUNTER, ABSENT_OVER_TIME, FIRST_OVER_TIME, LAST_OVER_TIME -> {
                }
                case COUNT_OVER_TIME, BYTES_OVER_TIME, BYTES_RATE ->
                        throw new ParseException("invalid aggregation " + op.keyword() + " with unwrap");
            }
        } else {
            switch (op) {
                case BYTES_OVER_TIME, BYTES_RATE, COUNT_OVER_TIME, RATE, ABSENT_OVER_TIME -> {
                }
                case AVG_OVER_TIME, SUM_OVER_TIME, MAX_OVER_TIME, MIN_OVER_TIME, STDDEV_OVER_TIME, STDVAR_OVER_TIME,
                     QUANTILE_OVER_TIME, RATE_COUNTER, FIRST_OVER_TIME, LAST_OVER_TIME ->
                        throw new ParseException("invalid aggregation " + op.keyword() + " without unwrap");
            }
        }
        return new RangeAggregationExpr(op, range, p, grouping);
    }

    static VectorAggregationExpr vectorAggregation(VectorOp op, SampleExpr inner, Grouping grouping, String param)
            throws ParseException {
        OptionalInt p = OptionalInt.empty();
        if (op.takesParam()) {
            if (param == null) throw new ParseException("parameter required for operation " + op.keyword());
            int k;
            try {
                k = Integer.parseInt(param);
            } catch (NumberFormatException e) {
                throw new ParseException("invalid parameter " + op.keyword() + "(" + param + ",");
            }
            if (k <= 0) throw new ParseException("invalid parameter (must be greater than 0) " + op.keyword() + "(" + param);
            p = OptionalInt.of(k);
        } else if (param != null) {
            throw new ParseException("unsupported parameter for operation " + op.keyword() + "(" + param + ",");
        }
        return new VectorAggregationExpr(op, inner, grouping, p);
    }
}
