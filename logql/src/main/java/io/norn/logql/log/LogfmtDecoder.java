package io.norn.logql.log;

import io.norn.model.TextEscapes;

/**
 * A logfmt key/value scanner on bytes with the behaviour and error texts of the decoder Loki uses (go-logfmt):
 * bare keys have no value, quoted values may hold escapes, and scanning stops at the first syntax error. Not
 * thread-safe; reused per line via {@link #reset}.
 */
final class LogfmtDecoder {
    private byte[] line;
    private int end;
    private int pos;
    int keyStart;
    int keyEnd;
    /** Value bytes: {@code valueBuf[valueStart, valueEnd)}; empty when the key had no value. */
    byte[] valueBuf;
    int valueStart;
    int valueEnd;
    private byte[] unquoted = new byte[128];
    private String error;
    private int errorPos;

    void reset(byte[] line, int off, int len) {
        this.line = line;
        this.pos = off;
        this.end = off + len;
        this.base = off;
        this.error = null;
    }

    private int base;

    boolean eol() {
        return pos >= end;
    }

    /** The error text of the last syntax error, or null. */
    String error() {
        return error == null ? null : "logfmt syntax error at pos " + errorPos + " : " + error;
    }

    private void syntaxError(String msg) {
        error = msg;
        errorPos = pos - base + 1;
    }

    private void unexpectedByte(byte c) {
        error = "unexpected " + GoQuoteChar.quote(c);
        errorPos = pos - base + 1;
    }

    /** Advances to the next pair; false at the end or on a syntax error. */
    boolean scanKeyval() {
        keyStart = keyEnd = 0;
        valueBuf = line;
        valueStart = valueEnd = 0;
        // skip garbage
        while (pos < end && (line[pos] & 0xff) <= ' ') pos++;
        if (pos >= end) return false;
        int start = pos;
        boolean multibyte = false;
        boolean haveKey = false;
        while (pos < end) {
            byte c = line[pos];
            int u = c & 0xff;
            if (c == '=') {
                if (pos > start) {
                    keyStart = start;
                    keyEnd = pos;
                    haveKey = true;
                    if (multibyte && LabelNames.hasRuneError(line, start, pos - start)) {
                        syntaxError("invalid key");
                        skipValue();
                        return false;
                    }
                }
                if (!haveKey) {
                    unexpectedByte(c);
                    skipValue();
                    return false;
                }
                return equal();
            } else if (c == '"') {
                unexpectedByte(c);
                skipValue();
                return false;
            } else if (u <= ' ') {
                if (pos > start) {
                    keyStart = start;
                    keyEnd = pos;
                    if (multibyte && LabelNames.hasRuneError(line, start, pos - start)) {
                        syntaxError("invalid key");
                        return false;
                    }
                }
                return true;
            } else if (u >= 0x80) {
                multibyte = true;
            }
            pos++;
        }
        if (pos > start) {
            keyStart = start;
            keyEnd = pos;
            if (multibyte && LabelNames.hasRuneError(line, start, pos - start)) {
                syntaxError("invalid key");
                return false;
            }
        }
        return true;
    }

    private boolean equal() {
        pos++;
        if (pos >= end) return true;
        byte c = line[pos];
        if ((c & 0xff) <= ' ') return true;
        if (c == '"') return quotedValue();
        int start = pos;
        while (pos < end) {
            c = line[pos];
            if (c == '=' || c == '"') {
                unexpectedByte(c);
                skipValue();
                return false;
            }
            if ((c & 0xff) <= ' ') {
                valueStart = start;
                valueEnd = pos;
                return true;
            }
            pos++;
        }
        valueStart = start;
        valueEnd = pos;
        return true;
    }

    private void skipValue() {
        while (pos < end) {
            if ((line[pos] & 0xff) <= ' ') return;
            pos++;
        }
    }

    private boolean quotedValue() {
        boolean hasEsc = false;
        boolean esc = false;
        int start = pos;
        for (int p = pos + 1; p < end; p++) {
            byte c = line[p];
            if (esc) {
                esc = false;
            } else if (c == '\\') {
                hasEsc = true;
                esc = true;
            } else if (c == '"') {
                pos = p + 1;
                if (hasEsc) {
                    int n = unquote(start + 1, p);
                    if (n < 0) {
                        syntaxError("invalid quoted value");
                        return false;
                    }
                    valueBuf = unquoted;
                    valueStart = 0;
                    valueEnd = n;
                } else {
                    valueStart = start + 1;
                    valueEnd = p;
                }
                return true;
            }
        }
        pos = end;
        syntaxError("unterminated quoted value");
        return false;
    }

    /** Decodes escapes of {@code line[from, to)} into {@link #unquoted}; -1 when invalid. */
    private int unquote(int from, int to) {
        if (unquoted.length < (to - from) * 3) unquoted = new byte[(to - from) * 3];
        int o = 0;
        int i = from;
        while (i < to) {
            byte c = line[i];
            if (c != '\\') {
                if ((c & 0xff) < 0x80) {
                    unquoted[o++] = c;
                    i++;
                } else {
                    int w = LabelNames.utf8Width(line, i, to);
                    if (w == 1) {
                        o = TextEscapes.encodeUtf8(0xfffd, unquoted, o);
                    } else {
                        System.arraycopy(line, i, unquoted, o, w);
                        o += w;
                    }
                    i += w;
                }
                continue;
            }
            if (i + 1 >= to) return -1;
            byte e = line[i + 1];
            int simple = e == '\'' ? '\'' : TextEscapes.shortEscape(e);
            if (simple >= 0) {
                unquoted[o++] = (byte) simple;
                i += 2;
                continue;
            }
            if (e != 'u') return -1;
            int r = TextEscapes.hex4(line, i + 2, to);
            if (r < 0) return -1;
            i += 6;
            int pair = TextEscapes.joinedSurrogates(r, line, i, to);
            if (pair >= 0) {
                r = pair;
                i += 6;
            }
            o = TextEscapes.encodeUtf8(r, unquoted, o);
        }
        return o;
    }

    /** Go's %q of a single byte, used in "unexpected" errors. */
    private static final class GoQuoteChar {
        static String quote(byte c) {
            return switch (c) {
                case '"' -> "'\"'";
                case '=' -> "'='";
                default -> "'" + (char) (c & 0xff) + "'";
            };
        }
    }
}
