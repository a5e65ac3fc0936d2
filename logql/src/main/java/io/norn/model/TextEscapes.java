package io.norn.model;

/**
 * Pieces shared by the decoders of escaped text on bytes (JSON strings in pushes and in the {@code json} parser,
 * quoted logfmt values): the one-letter escapes, the four hex digits of a {@code \\u} escape and the UTF-8 encoding
 * of a code point.
 */
public final class TextEscapes {
    private TextEscapes() {
    }

    /**
     * The byte that the one-letter escape {@code \e} stands for in JSON ({@code \" \\ \/ \b \f \n \r \t}), or -1
     * when {@code e} is not one of those letters.
     */
    public static int shortEscape(byte e) {
        return switch (e) {
            case '"', '\\', '/' -> e;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> -1;
        };
    }

    /** The value of the four hex digits at {@code b[i, i+4)} (all before {@code to}), or -1. */
    public static int hex4(byte[] b, int i, int to) {
        if (i + 4 > to) return -1;
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int c = b[i + k];
            int d;
            if (c >= '0' && c <= '9') d = c - '0';
            else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
            else return -1;
            v = (v << 4) | d;
        }
        return v;
    }

    /**
     * The code point of high surrogate {@code high} joined with the low surrogate escaped as {@code \\uXXXX} at
     * {@code b[i, i+6)} (before {@code to}), as Go's decoders join a pair; -1 when {@code high} is not a high
     * surrogate or no such escape follows.
     */
    public static int joinedSurrogates(int high, byte[] b, int i, int to) {
        if (high < 0xd800 || high > 0xdbff || i + 6 > to || b[i] != '\\' || b[i + 1] != 'u') return -1;
        int low = hex4(b, i + 2, to);
        return low >= 0xdc00 && low <= 0xdfff ? 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00) : -1;
    }

    /** Writes code point {@code r} at {@code out[o]} as Go's utf8.EncodeRune does (invalid ones become U+FFFD); returns the end. */
    public static int encodeUtf8(int r, byte[] out, int o) {
        if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
        if (r < 0x80) {
            out[o++] = (byte) r;
        } else if (r < 0x800) {
            out[o++] = (byte) (0xc0 | (r >> 6));
            out[o++] = (byte) (0x80 | (r & 0x3f));
        } else if (r < 0x10000) {
            out[o++] = (byte) (0xe0 | (r >> 12));
            out[o++] = (byte) (0x80 | ((r >> 6) & 0x3f));
            out[o++] = (byte) (0x80 | (r & 0x3f));
        } else {
            out[o++] = (byte) (0xf0 | (r >> 18));
            out[o++] = (byte) (0x80 | ((r >> 12) & 0x3f));
            out[o++] = (byte) (0x80 | ((r >> 6) & 0x3f));
            out[o++] = (byte) (0x80 | (r & 0x3f));
        }
        return o;
    }
}
