package io.norn.logql.log.template;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Go values a template computes with, as Java objects: {@code String} (string), {@code Long} (int),
 * {@link Int64} (int64), {@code Double} (float64), {@code Boolean} (bool), {@link GoTime} (time.Time),
 * {@code List<Object>} ([]interface {}), {@code Map<String,Object>} (map[string]interface {}),
 * {@link LabelData} (the labels, map[string]string), {@code null} (an invalid value or untyped nil) and
 * {@link #TYPED_NIL} (a nil interface{} found inside a map or list).
 */
final class GoValues {
    private GoValues() {
    }

    /** Go's int64, kept apart from int because Go's type checks tell them apart. */
    record Int64(long value) {
    }

    /** A Go time.Time: an instant and the location it is shown in. */
    record GoTime(long epochSecond, int nano, ZoneId zone) {
        static GoTime ofNanos(long nanos, ZoneId zone) {
            return new GoTime(Math.floorDiv(nanos, 1_000_000_000L), (int) Math.floorMod(nanos, 1_000_000_000L), zone);
        }

        Instant instant() {
            return Instant.ofEpochSecond(epochSecond, nano);
        }

        /** UnixNano: like Go, the result overflows silently outside 1678..2262. */
        long unixNano() {
            return epochSecond * 1_000_000_000L + nano;
        }

        GoTime in(ZoneId z) {
            return new GoTime(epochSecond, nano, z);
        }

        /** Go's zero time, January 1, year 1, 00:00:00 UTC. */
        static final long ZERO_EPOCH_SECOND = -62135596800L;

        boolean isZero() {
            return epochSecond == ZERO_EPOCH_SECOND && nano == 0;
        }
    }

    /** The template's data: all labels of the current line. */
    record LabelData(TemplateContext ctx) {
        String get(String name) {
            return ctx.label(name).orElse("");
        }

        Map<String, String> sorted() {
            return new TreeMap<>(ctx.labels());
        }
    }

    /** A nil interface{} value that came out of a map or a list (not yet reduced to an untyped nil). */
    static final Object TYPED_NIL = new Object() {
        @Override
        public String toString() {
            return "<nil>";
        }
    };

    static String typeName(Object v) {
        return switch (v) {
            case null -> "<nil>";
            case String s -> "string";
            case Long l -> "int";
            case Int64 l -> "int64";
            case Double d -> "float64";
            case Boolean b -> "bool";
            case GoTime t -> "time.Time";
            case List<?> l -> "[]interface {}";
            case LabelData d -> "map[string]string";
            case Map<?, ?> m -> "map[string]interface {}";
            default -> v == TYPED_NIL ? "interface {}" : v.getClass().getSimpleName();
        };
    }

    /** Go's template truth; {@code null} result means the value has no truth (not possible for our types). */
    static boolean truth(Object v) {
        return switch (v) {
            case null -> false;
            case String s -> !s.isEmpty();
            case Long l -> l != 0;
            case Int64 l -> l.value() != 0;
            case Double d -> d != 0;
            case Boolean b -> b;
            case GoTime t -> true;
            case List<?> l -> !l.isEmpty();
            case LabelData d -> !d.ctx().labels().isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> false; // TYPED_NIL
        };
    }

    /** Reduces a nil interface found in a container to the untyped nil, as Go does between pipeline stages. */
    static Object dig(Object v) {
        return v == TYPED_NIL ? null : v;
    }
}
