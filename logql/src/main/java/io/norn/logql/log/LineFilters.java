package io.norn.logql.log;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * Factories for {@link LineFilter}s with Loki's semantics: {@code |= ""} keeps every line and {@code != ""}
 * removes every line; regular expressions use RE2 syntax and search unanchored, as Go's {@code regexp}; regular
 * expressions that are plain literals, literal alternations or {@code (?i)} literals run as byte searches. Every
 * returned filter is immutable and thread-safe.
 */
public final class LineFilters {
    /** Keeps every line. */
    public static final LineFilter ALL = (buf, off, len) -> true;
    /** Removes every line. */
    public static final LineFilter NONE = (buf, off, len) -> false;

    private LineFilters() {
    }

    /** {@code |= "text"}: the line contains {@code text} (case-sensitive, byte for byte). */
    public static LineFilter contains(String text) {
        requireNonNull(text, "text is null");
        if (text.isEmpty()) return ALL;
        return new Contains(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code != "text"}: the line does not contain {@code text}; {@code != ""} removes every line. */
    public static LineFilter notContains(String text) {
        return not(contains(text));
    }

    /**
     * The line contains {@code text} ignoring case as RE2's {@code (?i)} does; a byte search folding ASCII case when
     * that is the same thing ({@link #foldsLikeAscii}), else a regex.
     */
    public static LineFilter containsIgnoreCase(String text) {
        requireNonNull(text, "text is null");
        if (text.isEmpty()) return ALL;
        if (!foldsLikeAscii(text)) return regex("(?i)" + Pattern.quote(text));
        return new ContainsIgnoreCase(text.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * {@code |~ "re"}: an unanchored RE2 search. Throws {@link IllegalArgumentException} (with RE2's message) for an
     * invalid expression.
     */
    public static LineFilter regex(String re) {
        requireNonNull(re, "re is null");
        Pattern p = compile(re);
        LineFilter literal = RegexLiterals.simplify(re);
        if (literal != null) return literal;
        RequiredLiterals.Result required = RequiredLiterals.of(re);
        if (required.literals().isEmpty()) return new Regex(p, ALL);
        List<LineFilter> prefilter = new ArrayList<>();
        for (String l : required.literals()) {
            if (!required.ignoreCase()) prefilter.add(contains(l));
            else if (foldsLikeAscii(l)) prefilter.add(containsIgnoreCase(l));
        }
        return new Regex(p, and(prefilter));
    }

    /**
     * Literals that every line matched by {@code |~ "re"} contains: byte for byte, or (second list) ignoring case,
     * lower-cased, only those for which ASCII case folding is exact ({@link #foldsLikeAscii}).
     */
    public static Literals requiredLiterals(String re) {
        RequiredLiterals.Result required = RequiredLiterals.of(re);
        if (!required.ignoreCase()) return new Literals(required.literals(), List.of());
        List<String> folded = new ArrayList<>();
        for (String l : required.literals()) if (foldsLikeAscii(l)) folded.add(l.toLowerCase(Locale.ROOT));
        return new Literals(List.of(), folded);
    }

    /** What every matching line contains: {@code exact} byte for byte, {@code ignoringCase} (lower case) up to ASCII case. */
    public record Literals(List<String> exact, List<String> ignoringCase) {
        public static final Literals NONE = new Literals(List.of(), List.of());
    }

    /**
     * True when ignoring ASCII case matches {@code s} exactly as RE2's {@code (?i)} does: {@code s} is ASCII without
     * k or s, whose case orbits also hold the Kelvin sign (U+212A) and the long s (U+017F).
     */
    static boolean foldsLikeAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || c == 'k' || c == 'K' || c == 's' || c == 'S') return false;
        }
        return true;
    }

    /** {@code !~ "re"}. */
    public static LineFilter notRegex(String re) {
        return not(regex(re));
    }

    /** {@code |= ip("...")}: the line holds an IP address inside the given address, CIDR range or address range. */
    public static LineFilter ip(String pattern) {
        IpMatcher m = IpMatcher.parse(pattern);
        return m::findIn;
    }

    /** {@code != ip("...")}. */
    public static LineFilter notIp(String pattern) {
        return not(ip(pattern));
    }

    /** {@code |> "pattern"}: the whole line matches the pattern ({@code <_>} and named captures are wildcards). */
    public static LineFilter pattern(String pattern) {
        PatternExpr e = PatternExpr.parseForFilter(pattern);
        return e::test;
    }

    /** {@code !> "pattern"}. */
    public static LineFilter notPattern(String pattern) {
        return not(pattern(pattern));
    }

    public static LineFilter not(LineFilter f) {
        requireNonNull(f, "f is null");
        if (f == ALL) return NONE;
        if (f == NONE) return ALL;
        if (f instanceof Not n) return n.inner;
        return new Not(f);
    }

    /** At least one of {@code alternatives} matches ({@code |= "a" or "b"}). */
    public static LineFilter or(List<LineFilter> alternatives) {
        List<LineFilter> list = new ArrayList<>(alternatives.size());
        for (LineFilter f : alternatives) {
            requireNonNull(f, "alternative is null");
            if (f == ALL) return ALL;
            if (f != NONE) list.add(f);
        }
        if (list.isEmpty()) return NONE;
        if (list.size() == 1) return list.get(0);
        if (list.size() == 2) {
            LineFilter a = list.get(0);
            LineFilter b = list.get(1);
            return (buf, off, len) -> a.matches(buf, off, len) || b.matches(buf, off, len);
        }
        LineFilter[] arr = list.toArray(LineFilter[]::new);
        return (buf, off, len) -> {
            for (LineFilter f : arr) if (f.matches(buf, off, len)) return true;
            return false;
        };
    }

    public static LineFilter or(LineFilter... alternatives) {
        return or(Arrays.asList(alternatives));
    }

    /** Every filter matches, tested in order (put the cheapest first). */
    public static LineFilter and(List<LineFilter> filters) {
        List<LineFilter> list = new ArrayList<>(filters.size());
        for (LineFilter f : filters) {
            requireNonNull(f, "filter is null");
            if (f == NONE) return NONE;
            if (f != ALL) list.add(f);
        }
        if (list.isEmpty()) return ALL;
        if (list.size() == 1) return list.get(0);
        if (list.size() == 2) {
            LineFilter a = list.get(0);
            LineFilter b = list.get(1);
            return (buf, off, len) -> a.matches(buf, off, len) && b.matches(buf, off, len);
        }
        LineFilter[] arr = list.toArray(LineFilter[]::new);
        return (buf, off, len) -> {
            for (LineFilter f : arr) if (!f.matches(buf, off, len)) return false;
            return true;
        };
    }

    public static LineFilter and(LineFilter... filters) {
        return and(Arrays.asList(filters));
    }

    static Pattern compile(String re) {
        try {
            return Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= 0x80) return false;
        return true;
    }

    private record Contains(byte[] needle) implements LineFilter {
        @Override
        public boolean matches(byte[] buf, int off, int len) {
            return ByteSearch.indexOf(buf, off, off + len, needle) >= 0;
        }
    }

    private record ContainsIgnoreCase(byte[] lowerNeedle) implements LineFilter {
        @Override
        public boolean matches(byte[] buf, int off, int len) {
            return ByteSearch.indexOfIgnoreCase(buf, off, off + len, lowerNeedle) >= 0;
        }
    }

    private record Not(LineFilter inner) implements LineFilter {
        @Override
        public boolean matches(byte[] buf, int off, int len) {
            return !inner.matches(buf, off, len);
        }
    }

    /**
     * RE2 search over the UTF-8 bytes, after a substring prefilter for literals every match contains; invalid
     * UTF-8 decodes to U+FFFD inside RE2J and never throws.
     */
    private record Regex(Pattern pattern, LineFilter prefilter) implements LineFilter {
        @Override
        public boolean matches(byte[] buf, int off, int len) {
            if (!prefilter.matches(buf, off, len)) return false;
            byte[] input = off == 0 && len == buf.length ? buf : Arrays.copyOfRange(buf, off, off + len);
            return pattern.matcher(input).find();
        }
    }
}
