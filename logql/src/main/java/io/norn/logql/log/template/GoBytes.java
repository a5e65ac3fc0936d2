package io.norn.logql.log.template;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** go-humanize's ParseBytes and Go's strict standard base64 decoding with its error texts. */
final class GoBytes {
    private GoBytes() {
    }

    private static final Map<String, Long> SIZES = Map.ofEntries(
            Map.entry("b", 1L), Map.entry("", 1L),
            Map.entry("kib", 1L << 10), Map.entry("ki", 1L << 10), Map.entry("kb", 1000L), Map.entry("k", 1000L),
            Map.entry("mib", 1L << 20), Map.entry("mi", 1L << 20), Map.entry("mb", 1000_000L), Map.entry("m", 1000_000L),
            Map.entry("gib", 1L << 30), Map.entry("gi", 1L << 30), Map.entry("gb", 1000_000_000L), Map.entry("g", 1000_000_000L),
            Map.entry("tib", 1L << 40), Map.entry("ti", 1L << 40), Map.entry("tb", 1000_000_000_000L), Map.entry("t", 1000_000_000_000L),
            Map.entry("pib", 1L << 50), Map.entry("pi", 1L << 50), Map.entry("pb", 1000_000_000_000_000L), Map.entry("p", 1000_000_000_000_000L),
            Map.entry("eib", 1L << 60), Map.entry("ei", 1L << 60), Map.entry("eb", 1000_000_000_000_000_000L), Map.entry("e", 1000_000_000_000_000_000L));

    /** humanize.ParseBytes, returned as float64 as Loki's {@code bytes} function does. */
    static double parse(String s) throws Functions.FuncError {
        int last = 0;
        boolean comma = false;
        while (last < s.length()) {
            char c = s.charAt(last);
            if (!(Character.isDigit(c) || c == '.' || c == ',')) break;
            if (c == ',') comma = true;
            last++;
        }
        String num = s.substring(0, last);
        if (comma) num = num.replace(",", "");
        Double f = GoNumbers.parseFloat(num);
        if (f == null) throw new Functions.FuncError("strconv.ParseFloat: parsing " + GoText.quote(num) + ": invalid syntax");
        String extra = Functions.trimSpace(s.substring(last)).toLowerCase(Locale.ROOT);
        Long m = SIZES.get(extra);
        if (m == null) throw new Functions.FuncError("unhandled size name: " + extra);
        double v = f * (double) m;
        if (v >= 1.8446744073709552E19) throw new Functions.FuncError("too large: " + s);
        // uint64 conversion truncates toward zero
        double t = Math.floor(v);
        return t;
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
