package io.norn.logql.syntax;

import java.math.BigInteger;
import java.util.Optional;

/**
 * Checks the argument of {@code ip("...")}: a single address (IPv4 or IPv6), a CIDR prefix
 * ({@code 192.168.0.0/16}) or an inclusive range ({@code 10.0.0.1-10.0.0.9}), with Go's {@code netip} rules.
 */
final class IpPatterns {
    private IpPatterns() {
    }

    static boolean valid(String pattern) {
        int slash = pattern.indexOf('/');
        if (slash >= 0) {
            Optional<byte[]> a = parseAddr(pattern.substring(0, slash));
            String bits = pattern.substring(slash + 1);
            if (a.isEmpty() || bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)) return false;
            if (bits.length() > 1 && bits.charAt(0) == '0') return false;
            int n = Integer.parseInt(bits);
            return n <= a.get().length * 8 && pattern.indexOf('%') < 0;
        }
        int dash = pattern.indexOf('-');
        if (dash >= 0) {
            Optional<byte[]> from = parseAddr(pattern.substring(0, dash));
            Optional<byte[]> to = parseAddr(pattern.substring(dash + 1));
            if (from.isEmpty() || to.isEmpty() || from.get().length != to.get().length) return false;
            return new BigInteger(1, from.get()).compareTo(new BigInteger(1, to.get())) <= 0;
        }
        return parseAddr(pattern).isPresent();
    }

    /** Parses an IPv4 or IPv6 address without any name lookup; empty when malformed. */
    static Optional<byte[]> parseAddr(String s) {
        if (s.indexOf(':') >= 0) return parseV6(s);
        return parseV4(s);
    }

    private static Optional<byte[]> parseV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return Optional.empty();
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) return Optional.empty();
            if (p.length() > 1 && p.charAt(0) == '0') return Optional.empty();
            int v = Integer.parseInt(p);
            if (v > 255) return Optional.empty();
            out[i] = (byte) v;
        }
        return Optional.of(out);
    }

    private static Optional<byte[]> parseV6(String s) {
        int zone = s.indexOf('%');
        if (zone >= 0) {
            if (zone == s.length() - 1) return Optional.empty();
            s = s.substring(0, zone);
        }
        byte[] out = new byte[16];
        int ellipsis = -1;
        int i = 0;
        int pos = 0;
        if (s.startsWith("::")) {
            ellipsis = 0;
            pos = 2;
            if (pos == s.length()) return Optional.of(out);
        }
        while (i < 16) {
            int end = pos;
            while (end < s.length() && Character.digit(s.charAt(end), 16) >= 0) end++;
            if (end == pos || end - pos > 4) {
                if (end < s.length() && s.charAt(end) == '.' && ellipsis >= 0 || end < s.length() && s.charAt(end) == '.') {
                    // fall through to the IPv4 tail check below
                } else {
                    return Optional.empty();
                }
            }
            if (end < s.length() && s.charAt(end) == '.') {
                if (i > 12) return Optional.empty();
                Optional<byte[]> v4 = parseV4(s.substring(pos));
                if (v4.isEmpty()) return Optional.empty();
                System.arraycopy(v4.get(), 0, out, i, 4);
                i += 4;
                pos = s.length();
                break;
            }
            int v = Integer.parseInt(s.substring(pos, end), 16);
            out[i] = (byte) (v >> 8);
            out[i + 1] = (byte) v;
            i += 2;
            pos = end;
            if (pos == s.length()) break;
            if (s.charAt(pos) != ':') return Optional.empty();
            pos++;
            if (pos < s.length() && s.charAt(pos) == ':') {
                if (ellipsis >= 0) return Optional.empty();
                ellipsis = i;
                pos++;
                if (pos == s.length()) break;
            } else if (pos == s.length()) {
                return Optional.empty();
            }
        }
        if (pos != s.length()) return Optional.empty();
        if (i < 16) {
            if (ellipsis < 0) return Optional.empty();
            int n = 16 - i;
            for (int j = i - 1; j >= ellipsis; j--) out[j + n] = out[j];
            for (int j = ellipsis; j < ellipsis + n; j++) out[j] = 0;
        } else if (ellipsis >= 0) {
            return Optional.empty();
        }
        return Optional.of(out);
    }
}
