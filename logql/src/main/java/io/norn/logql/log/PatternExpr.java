package io.norn.logql.log;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed LogQL pattern such as {@code <ip> - <_> [<ts>] "<method> <path>"}: alternating literals and captures
 * ({@code <name>} with an ASCII identifier, {@code <_>} unnamed). Matching follows Loki: a leading literal must be a
 * prefix, each capture extends to the first following occurrence of the next literal, and when a literal is
 * missing the current capture takes the rest of the line. Immutable and thread-safe.
 */
final class PatternExpr {
    /** Literal nodes hold the bytes; capture nodes hold null in {@code literals} and the name in {@code names}. */
    private final byte[][] literals;
    private final String[] names; // per node; "_" for unnamed captures, null for literals
    private final String[] captureNames; // named captures in order

    private PatternExpr(byte[][] literals, String[] names) {
        this.literals = literals;
        this.names = names;
        List<String> caps = new ArrayList<>();
        for (String n : names) if (n != null && !n.equals("_")) caps.add(n);
        this.captureNames = caps.toArray(String[]::new);
    }

    /** For the {@code pattern} parser: needs a named capture, no adjacent captures, unique names. */
    static PatternExpr parseForParser(String text) {
        PatternExpr e = parse(text);
        if (e.captureNames.length == 0) throw new IllegalArgumentException("at least one capture is required");
        e.validateCaptures();
        return e;
    }

    /** For the {@code |>} line filter: no capture is required. */
    static PatternExpr parseForFilter(String text) {
        PatternExpr e = parse(text);
        e.validateCaptures();
        return e;
    }

    private void validateCaptures() {
        for (int i = 0; i + 1 < names.length; i += 2) {
            if (names[i] != null && names[i + 1] != null) {
                throw new IllegalArgumentException("found consecutive capture: invalid expression");
            }
        }
        Set<String> seen = new HashSet<>();
        for (String c : captureNames) {
            if (!seen.add(c)) throw new IllegalArgumentException("duplicate capture name (" + c + "): invalid expression");
        }
    }

    private static PatternExpr parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        List<byte[]> lits = new ArrayList<>();
        List<String> nodeNames = new ArrayList<>();
        ByteArrayOutputStream lit = new ByteArrayOutputStream();
        int i = 0;
        while (i < b.length) {
            int end = captureEnd(b, i);
            if (end > 0) {
                if (lit.size() > 0) {
                    lits.add(lit.toByteArray());
                    nodeNames.add(null);
                    lit.reset();
                }
                lits.add(null);
                nodeNames.add(new String(b, i + 1, end - i - 2, StandardCharsets.US_ASCII));
                i = end;
            } else {
                lit.write(b[i++]);
            }
        }
        if (lit.size() > 0) {
            lits.add(lit.toByteArray());
            nodeNames.add(null);
        }
        return new PatternExpr(lits.toArray(byte[][]::new), nodeNames.toArray(String[]::new));
    }

    /** End (exclusive) of a {@code <identifier>} starting at {@code i}, or -1. */
    private static int captureEnd(byte[] b, int i) {
        if (b[i] != '<' || i + 2 >= b.length) return -1;
        byte c = b[i + 1];
        if (!(ByteSearch.isAsciiLetter(c) || c == '_')) return -1;
        int j = i + 2;
        while (j < b.length) {
            c = b[j];
            if (c == '>') return j + 1;
            if (!(ByteSearch.isAsciiLetter(c) || c == '_' || (c >= '0' && c <= '9'))) return -1;
            j++;
        }
        return -1;
    }

    /** The named captures in order of appearance. */
    String[] captureNames() {
        return captureNames.clone();
    }

    int captureCount() {
        return captureNames.length;
    }

    /**
     * Matches {@code buf[off, off+len)} and writes the start and end of each named capture into {@code bounds}
     * (two ints per capture, in order). Returns how many captures were found; they are the first ones.
     */
    int match(byte[] buf, int off, int len, int[] bounds) {
        if (len == 0 || literals.length == 0) return 0;
        int pos = off;
        int end = off + len;
        int node = 0;
        int found = 0;
        if (names[0] == null) {
            byte[] l = literals[0];
            if (len < l.length || !java.util.Arrays.equals(buf, off, off + l.length, l, 0, l.length)) return 0;
            pos += l.length;
            node = 1;
        }
        if (node == names.length) return 0;
        while (node < names.length) {
            boolean named = !names[node].equals("_");
            if (node + 1 == names.length) {
                if (named) {
                    bounds[2 * found] = pos;
                    bounds[2 * found + 1] = end;
                    found++;
                }
                return found;
            }
            byte[] l = literals[node + 1];
            node += 2;
            int i = ByteSearch.indexOf(buf, pos, end, l);
            if (i < 0) {
                if (named) {
                    bounds[2 * found] = pos;
                    bounds[2 * found + 1] = end;
                    found++;
                }
                return found;
            }
            if (named) {
                bounds[2 * found] = pos;
                bounds[2 * found + 1] = i;
                found++;
            }
            pos = i + l.length;
        }
        return found;
    }

    /** Whether the whole line matches: literals in order, captures non-empty, nothing left after a final literal. */
    boolean test(byte[] buf, int off, int len) {
        if (len == 0 || names.length == 0) return len == 0 && names.length == 0;
        int pos = off;
        int end = off + len;
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null) continue;
            int j = ByteSearch.indexOf(buf, pos, end, literals[i]);
            if (j < 0) return false;
            if (i != 0 && j == pos) return false;
            pos = j + literals[i].length;
        }
        boolean requiresRemainder = names[names.length - 1] != null;
        boolean hasRemainder = pos != end;
        return requiresRemainder == hasRemainder;
    }
}
