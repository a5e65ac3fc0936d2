package io.norn.logql.log;

import java.util.ArrayList;
import java.util.List;

/**
 * Recognizes regular expressions that are equivalent to literal searches: a literal, an alternation of literals,
 * either optionally prefixed by {@code (?i)}. Anything else is left to RE2.
 */
final class RegexLiterals {
    private RegexLiterals() {
    }

    /** The equivalent literal filter, or null when {@code re} is not a literal expression. */
    static LineFilter simplify(String re) {
        boolean ignoreCase = false;
        String s = re;
        if (s.startsWith("(?i)")) {
            ignoreCase = true;
            s = s.substring(4);
        }
        List<String> alternatives = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '|' -> {
                    alternatives.add(cur.toString());
                    cur.setLength(0);
                }
                case '\\' -> {
                    if (i + 1 >= s.length()) return null;
                    char e = s.charAt(++i);
                    if (e < 0x80 && !Character.isLetterOrDigit(e)) {
                        cur.append(e);
                    } else {
                        switch (e) {
                            case 'n' -> cur.append('\n');
                            case 't' -> cur.append('\t');
                            case 'r' -> cur.append('\r');
                            case 'f' -> cur.append('\f');
                            default -> {
                                return null;
                            }
                        }
                    }
                }
                case '.', '+', '*', '?', '(', ')', '[', ']', '{', '}', '^', '$' -> {
                    return null;
                }
                default -> cur.append(c);
            }
        }
        alternatives.add(cur.toString());
        List<LineFilter> filters = new ArrayList<>(alternatives.size());
        for (String a : alternatives) {
            if (a.isEmpty()) return null; // an empty alternative matches every line; leave it to RE2
            if (ignoreCase && !LineFilters.foldsLikeAscii(a)) return null;
            filters.add(ignoreCase ? LineFilters.containsIgnoreCase(a) : LineFilters.contains(a));
        }
        return LineFilters.or(filters);
    }
}
