package io.norn.logql.log.template;

import io.norn.model.HumanBytes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** go-humanize's ParseBytes for templates and Go's strict standard base64 decoding with its error texts. */
final class GoBytes {
    private GoBytes() {
    }

    /** humanize.ParseBytes, returned as float64 as Loki's {@code bytes} function does. */
    static double parse(String s) throws Functions.FuncError {
        HumanBytes.Result r = HumanBytes.parse(s);
        if (!r.ok()) throw new Functions.FuncError(r.error().orElseThrow());
        return r.bytes();
    }

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /** sprig's b64dec: the decoded text, or Go's error text when the input is not valid standard base64. */
    static String base64Decode(String s) {
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * 3 / 4);
        int[] quad = new int[4];
        int si = 0;
        while (true) {
            int j = 0;
            int dlen = 4;
            boolean end = false;
            for (; j < 4; j++) {
                while (si < in.length && (in[si] == '\n' || in[si] == '\r')) si++;
                if (si == in.length) {
                    if (j == 0) return out.toString(StandardCharsets.UTF_8);
                    if (j == 1) return "illegal base64 data at input byte " + (si - j);
                    return "illegal base64 data at input byte " + (si - j);
                }
                int c = in[si] & 0xff;
                si++;
                int d = c < 128 ? ALPHABET.indexOf(c) : -1;
                if (d >= 0) {
                    quad[j] = d;
                    continue;
                }
                if (c != '=') return "illegal base64 data at input byte " + (si - 1);
                // padding
                switch (j) {
                    case 0, 1:
                        return "illegal base64 data at input byte " + (si - 1);
                    case 2:
                        while (si < in.length && (in[si] == '\n' || in[si] == '\r')) si++;
                        if (si == in.length) return "illegal base64 data at input byte " + in.length;
                        if (in[si] != '=') return "illegal base64 data at input byte " + (si - 1);
                        si++;
                        break;
                    default:
                        break;
                }
                while (si < in.length && (in[si] == '\n' || in[si] == '\r')) si++;
                if (si < in.length) return "illegal base64 data at input byte " + si;
                dlen = j;
                end = true;
                break;
            }
            int val = quad[0] << 18 | quad[1] << 12 | (dlen > 2 ? quad[2] : 0) << 6 | (dlen > 3 ? quad[3] : 0);
            if (dlen == 4) {
                out.write(val >> 16);
                out.write(val >> 8);
                out.write(val);
            } else if (dlen == 3) {
                out.write(val >> 16);
                out.write(val >> 8);
            } else if (dlen == 2) {
                out.write(val >> 16);
            }
            if (end) return out.toString(StandardCharsets.UTF_8);
        }
    }
}
