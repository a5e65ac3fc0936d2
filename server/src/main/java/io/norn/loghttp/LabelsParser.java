package io.norn.loghttp;

import io.norn.model.Labels;

import java.util.TreeMap;

/**
 * Parses a label set in selector form, {@code {a="x", b="y"}} (only {@code =}), as pushed in protobuf
 * requests. Values use Go string escapes. Thread-safe (stateless).
 */
public final class LabelsParser {
    private LabelsParser() {
    }

    public static Labels parse(String s) throws BadRequestException {
        int[] pos = {0};
        skipSpace(s, pos);
        expect(s, pos, '{');
        TreeMap<String, String> map = new TreeMap<>();
        skipSpace(s, pos);
        if (peek(s, pos) == '}') {
            pos[0]++;
        } else {
            while (true) {
                skipSpace(s, pos);
                int start = pos[0];
                while (pos[0] < s.length() && isNameChar(s.charAt(pos[0]), pos[0] == start)) pos[0]++;
                if (pos[0] == start) throw error(s, pos[0], "expected label name");
                String name = s.substring(start, pos[0]);
                skipSpace(s, pos);
                expect(s, pos, '=');
                skipSpace(s, pos);
                String value = quoted(s, pos);
                if (map.put(name, value) != null) throw new BadRequestException("duplicate label name: '" + name + "'");
                skipSpace(s, pos);
                char c = peek(s, pos);
                pos[0]++;
                if (c == '}') break;
                if (c != ',') throw error(s, pos[0] - 1, "expected , or }");
            }
        }
        skipSpace(s, pos);
        if (pos[0] != s.length()) throw error(s, pos[0], "unexpected text after }");
        map.values().removeIf(String::isEmpty);
        return Labels.of(map);
    }

    public static boolean isValidName(String name) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) if (!isNameChar(name.charAt(i), i == 0)) return false;
        return true;
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }

    private static String quoted(String s, int[] pos) throws BadRequestException {
        char q = peek(s, pos);
        if (q != '"' && q != '`') throw error(s, pos[0], "expected quoted label value");
        pos[0]++;
        StringBuilder sb = new StringBuilder();
        while (pos[0] < s.length()) {
            char c = s.charAt(pos[0]++);
            if (c == q) return sb.toString();
            if (c == '\\' && q == '"') {
                if (pos[0] >= s.length()) break;
                char e = s.charAt(pos[0]++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '\\' -> sb.append('\\');
                    case '"' -> sb.append('"');
                    case '\'' -> sb.append('\'');
                    case 'a' -> sb.append('\u0007');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'v' -> sb.append('\u000b');
                    case 'x' -> sb.append((char) hex(s, pos, 2));
                    case 'u' -> sb.append((char) hex(s, pos, 4));
                    case 'U' -> sb.appendCodePoint(hex(s, pos, 8));
                    default -> throw error(s, pos[0] - 1, "invalid escape \\" + e);
                }
            } else {
                sb.append(c);
            }
        }
        throw error(s, pos[0], "unterminated quoted string");
    }

    private static int hex(String s, int[] pos, int n) throws BadRequestException {
        if (pos[0] + n > s.length()) throw error(s, pos[0], "invalid escape");
        try {
            int v = Integer.parseInt(s.substring(pos[0], pos[0] + n), 16);
            pos[0] += n;
            return v;
        } catch (NumberFormatException e) {
            throw error(s, pos[0], "invalid escape");
        }
    }

    private static char peek(String s, int[] pos) {
        return pos[0] < s.length() ? s.charAt(pos[0]) : '\0';
    }

    private static void expect(String s, int[] pos, char c) throws BadRequestException {
        if (peek(s, pos) != c) throw error(s, pos[0], "expected " + c);
        pos[0]++;
    }

    private static void skipSpace(String s, int[] pos) {
        while (pos[0] < s.length() && Character.isWhitespace(s.charAt(pos[0]))) pos[0]++;
    }

    private static BadRequestException error(String s, int at, String what) {
        return new BadRequestException("error parsing labels '" + s + "' with error: 1:" + (at + 1) + ": parse error: " + what);
    }
}
