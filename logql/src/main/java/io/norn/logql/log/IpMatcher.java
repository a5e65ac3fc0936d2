package io.norn.logql.log;

import java.nio.charset.StandardCharsets;

/**
 * An IP address, CIDR prefix or address range ({@code ip("...")} in LogQL) and the search for matching addresses
 * inside a line. Parsing follows Go's {@code net/netip} rules (no leading zeros in IPv4 octets, at most four hex
 * digits per IPv6 group, one {@code ::}, embedded IPv4 only at the end); an IPv4 address never matches an IPv6
 * pattern and vice versa. Immutable and thread-safe.
 */
final class IpMatcher {
    private static final byte[] NO_ADDRESS = new byte[0];

    private final String pattern;
    private final byte[] from; // 4 or 16 bytes, inclusive
    private final byte[] to;   // inclusive, same length as from

    private IpMatcher(String pattern, byte[] from, byte[] to) {
        this.pattern = pattern;
        this.from = from;
        this.to = to;
    }

    /** Parses a single address, {@code addr/bits} or {@code from-to}; throws with Loki's message when invalid. */
    static IpMatcher parse(String pattern) {
        byte[] b = pattern.getBytes(StandardCharsets.UTF_8);
        byte[] a = parseAddr(b, 0, b.length);
        if (a.length != 0) return new IpMatcher(pattern, a, a);
        int slash = pattern.lastIndexOf('/');
        if (slash >= 0) {
            byte[] ip = parseAddr(b, 0, slash);
            int bits = parseBits(pattern.substring(slash + 1), ip.length * 8);
            if (ip.length != 0 && bits >= 0) {
                byte[] lo = ip.clone();
                byte[] hi = ip.clone();
                for (int i = 0; i < ip.length * 8; i++) {
                    if (i >= bits) {
                        lo[i >> 3] &= (byte) ~(0x80 >>> (i & 7));
                        hi[i >> 3] |= (byte) (0x80 >>> (i & 7));
                    }
                }
                return new IpMatcher(pattern, lo, hi);
            }
        }
        int dash = pattern.indexOf('-');
        if (dash >= 0) {
            byte[] lo = parseAddr(b, 0, dash);
            byte[] hi = parseAddr(b, dash + 1, b.length);
            if (lo.length != 0 && lo.length == hi.length && compare(lo, hi) <= 0) return new IpMatcher(pattern, lo, hi);
        }
        throw new IllegalArgumentException("ip: invalid pattern: " + io.norn.model.GoQuote.quote(pattern));
    }

    private static int parseBits(String s, int maxBits) {
        if (s.isEmpty() || s.length() > 3) return -1;
        if (s.length() > 1 && (s.charAt(0) < '1' || s.charAt(0) > '9')) return -1;
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v <= maxBits ? v : -1;
    }

    String pattern() {
        return pattern;
    }

    /** True when the address held in {@code buf[off, off+len)} (the whole range) lies inside this pattern. */
    boolean matchesValue(byte[] buf, int off, int len) {
        byte[] a = parseAddr(buf, off, off + len);
        return a.length != 0 && contains(a);
    }

    private boolean contains(byte[] a) {
        return a.length == from.length && compare(from, a) <= 0 && compare(a, to) <= 0;
    }

    /**
     * Scans the line for address-like runs the way Loki does: at a digit followed by a dot within three bytes, the
     * longest run of IPv4 characters is parsed; at an IPv6-looking prefix, the longest run of IPv6 characters. A run
     * that does not parse or does not match is skipped together with the byte after it.
     */
    boolean findIn(byte[] buf, int off, int len) {
        int n = off + len;
        for (int i = off; i < n; i++) {
            if (i + 3 < n && isDigit(buf[i]) && (buf[i + 1] == '.' || buf[i + 2] == '.' || buf[i + 3] == '.')) {
                int end = span(buf, i, n, false);
                byte[] a = parseAddr(buf, i, end);
                if (a.length != 0 && contains(a)) return true;
                i = end;
                continue;
            }
            if (i + 4 < n && ipv6Hint(buf, i)) {
                int end = span(buf, i, n, true);
                byte[] a = parseAddr(buf, i, end);
                if (a.length != 0 && contains(a)) return true;
                i = end;
            }
        }
        return false;
    }

    private static boolean ipv6Hint(byte[] b, int i) {
        if (b[i] == ':' && b[i + 1] == ':' && isHex(b[i + 2])) return true;
        for (int k = 1; k <= 4; k++) {
            if (!isHex(b[i + k - 1])) return false;
            if (b[i + k] == ':') return true;
        }
        return false;
    }

    private static int span(byte[] b, int i, int n, boolean v6) {
        while (i < n) {
            byte c = b[i];
            boolean ok = isDigit(c) || c == '.' || (v6 && (c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
            if (!ok) break;
            i++;
        }
        return i;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(byte c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int compare(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }

    /** Go's {@code netip.ParseAddr} without zones: 4 or 16 bytes, or an empty array when invalid. */
    static byte[] parseAddr(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            switch (b[i]) {
                case '.' -> {
                    return parseIPv4(b, from, to);
                }
                case ':' -> {
                    return parseIPv6(b, from, to);
                }
                case '%' -> {
                    return NO_ADDRESS;
                }
                default -> {
                }
            }
        }
        return NO_ADDRESS;
    }

    private static byte[] parseIPv4(byte[] b, int from, int to) {
        byte[] out = new byte[4];
        return parseIPv4Into(b, from, to, out, 0) ? out : NO_ADDRESS;
    }

    private static boolean parseIPv4Into(byte[] b, int from, int to, byte[] out, int at) {
        int val = 0;
        int pos = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                if (digits == 1 && val == 0) return false;
                val = val * 10 + (c - '0');
                digits++;
                if (val > 255) return false;
            } else if (c == '.') {
                if (i == from || i == to - 1 || b[i - 1] == '.') return false;
                if (pos == 3) return false;
                out[at + pos++] = (byte) val;
                val = 0;
                digits = 0;
            } else {
                return false;
            }
        }
        if (pos < 3) return false;
        out[at + 3] = (byte) val;
        return true;
    }

    private static byte[] parseIPv6(byte[] b, int from, int to) {
        byte[] ip = new byte[16];
        int s = from;
        int ellipsis = -1;
        if (to - s >= 2 && b[s] == ':' && b[s + 1] == ':') {
            ellipsis = 0;
            s += 2;
            if (s == to) return ip;
        }
        int i = 0;
        while (i < 16) {
            int off = 0;
            int acc = 0;
            for (; s + off < to; off++) {
                byte c = b[s + off];
                if (c >= '0' && c <= '9') acc = (acc << 4) + (c - '0');
                else if (c >= 'a' && c <= 'f') acc = (acc << 4) + (c - 'a' + 10);
                else if (c >= 'A' && c <= 'F') acc = (acc << 4) + (c - 'A' + 10);
                else break;
                if (off > 3) return NO_ADDRESS;
                if (acc > 0xffff) return NO_ADDRESS;
            }
            if (off == 0) return NO_ADDRESS;
            if (s + off < to && b[s + off] == '.') {
                if (ellipsis < 0 && i != 12) return NO_ADDRESS;
                if (i + 4 > 16) return NO_ADDRESS;
                if (!parseIPv4Into(b, s, to, ip, i)) return NO_ADDRESS;
                s = to;
                i += 4;
                break;
            }
            ip[i] = (byte) (acc >> 8);
            ip[i + 1] = (byte) acc;
            i += 2;
            s += off;
            if (s == to) break;
            if (b[s] != ':' || s + 1 == to) return NO_ADDRESS;
            s++;
            if (b[s] == ':') {
                if (ellipsis >= 0) return NO_ADDRESS;
                ellipsis = i;
                s++;
                if (s == to) break;
            }
        }
        if (s != to) return NO_ADDRESS;
        if (i < 16) {
            if (ellipsis < 0) return NO_ADDRESS;
            int n = 16 - i;
            for (int j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
            for (int j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
        } else if (ellipsis >= 0) {
            return NO_ADDRESS;
        }
        return ip;
    }
}
