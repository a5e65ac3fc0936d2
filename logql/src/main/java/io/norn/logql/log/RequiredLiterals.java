package io.norn.logql.log;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds literal strings that every match of a regular expression must contain, so that a cheap substring
 * search can reject most lines before RE2 runs: {@code (?i)exception.*time(d)? ?out} needs "exception", "time"
 * and "out". Conservative: an expression it does not understand (top-level alternation, inner flags) yields
 * nothing, which only costs speed, never a wrong answer.
 */
final class RequiredLiterals {
    /** The literals, and whether they are to be matched ignoring ASCII case. */
    record Result(List<String> literals, boolean ignoreCase) {
    }

    private static final Result NONE = new Result(List.of(), false);

    private RequiredLiterals() {
    }

    static Result of(String re) {
        int i = 0;
        boolean ignoreCase = false;
        if (re.startsWith("(?")) {
            int close = re.indexOf(')');
            if (close < 0) return NONE;
            String flags = re.substring(2, close);
            if (!flags.chars().allMatch(c -> c == 'i' || c == 's' || c == 'm' || c == 'U')) return NONE;
            ignoreCase = flags.indexOf('i') >= 0;
            i = close + 1;
        }
        List<String> out = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        int lastAtomStart = -1;
        boolean lastAtomLiteral = false;
        while (i < re.length()) {
            char c = re.charAt(i);
            switch (c) {
                case '|' -> {
                    return NONE;
                }
                case '\\' -> {
                    if (i + 1 >= re.length()) return NONE;
                    char e = re.charAt(i + 1);
                    Character lit = escapedLiteral(e);
                    if (lit != null) {
                        lastAtomStart = run.length();
                        run.append(lit);
                        lastAtomLiteral = true;
                    } else {
                        flush(run, out);
                        lastAtomLiteral = false;
                    }
                    i += 2;
                }
                case '(' -> {
                    int end = skipGroup(re, i);
                    if (end < 0) return NONE;
                    if (re.startsWith("(?", i) && !re.startsWith("(?:", i) && !re.startsWith("(?P<", i)) return NONE;
                    flush(run, out);
                    lastAtomLiteral = false;
                    i = end;
                }
                case '[' -> {
                    int end = skipClass(re, i);
                    if (end < 0) return NONE;
                    flush(run, out);
                    lastAtomLiteral = false;
                    i = end;
                }
                case '.', '^', '$' -> {
                    flush(run, out);
                    lastAtomLiteral = false;
                    i++;
                }
                case '*', '?', '+', '{' -> {
                    boolean optional = c != '+';
                    int end = i + 1;
                    if (c == '{') {
                        int close = re.indexOf('}', i);
                        if (close < 0) return NONE;
                        String body = re.substring(i + 1, close);
                        optional = body.startsWith("0");
                        end = close + 1;
                    }
                    if (end < re.length() && re.charAt(end) == '?') end++;
                    if (lastAtomLiteral) {
                        // The repeated character ends the run; kept only when it must occur at least once.
                        String kept = optional ? run.substring(0, lastAtomStart) : run.toString();
                        run.setLength(0);
                        run.append(kept);
                    }
                    flush(run, out);
                    lastAtomLiteral = false;
                    i = end;
                }
                default -> {
                    lastAtomStart = run.length();
                    run.append(c);
                    lastAtomLiteral = true;
                    i++;
                }
            }
        }
        flush(run, out);
        if (ignoreCase) out.removeIf(s -> !s.chars().allMatch(ch -> ch < 0x80));
        return out.isEmpty() ? NONE : new Result(out, ignoreCase);
    }

    private static Character escapedLiteral(char e) {
        return switch (e) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            default -> e < 0x80 && !Character.isLetterOrDigit(e) ? e : null;
        };
    }

    private static void flush(StringBuilder run, List<String> out) {
        if (run.length() >= 3) out.add(run.toString());
        run.setLength(0);
    }

    /** Index after the group starting at {@code start}, or -1 when unbalanced. */
    private static int skipGroup(String re, int start) {
        int depth = 0;
        for (int i = start; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                i = skipClass(re, i) - 1;
                if (i < 0) return -1;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
        }
        return -1;
    }

    /** Index after the character class starting at {@code start}, or -1 when unterminated. */
    private static int skipClass(String re, int start) {
        int i = start + 1;
        if (i < re.length() && re.charAt(i) == '^') i++;
        if (i < re.length() && re.charAt(i) == ']') i++;
        for (; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') i++;
            else if (c == '[' && i + 1 < re.length() && re.charAt(i + 1) == ':') {
                int close = re.indexOf(":]", i + 2);
                if (close < 0) return -1;
                i = close + 1;
            } else if (c == ']') return i + 1;
        }
        return -1;
    }
}
