package io.norn.logql.log.template;

import io.norn.logql.log.Units;

import io.norn.logql.log.template.GoValues.GoTime;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

/** Go's time layouts ({@code 2006-01-02T15:04:05Z07:00}): formatting, parsing, and {@code time.ParseDuration}. */
final class GoTimeFormat {
    private GoTimeFormat() {
    }

    private static final String[] LONG_MONTHS = {"January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December"};
    private static final String[] LONG_DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

    enum Std {
        NONE, LONG_MONTH, MONTH, NUM_MONTH, ZERO_MONTH, LONG_WEEKDAY, WEEKDAY, DAY, UNDER_DAY, ZERO_DAY,
        UNDER_YEARDAY, ZERO_YEARDAY, HOUR, HOUR12, ZERO_HOUR12, MINUTE, ZERO_MINUTE, SECOND, ZERO_SECOND,
        LONG_YEAR, YEAR, PM_UPPER, PM_LOWER, TZ, ISO_TZ, ISO_SHORT_TZ, ISO_COLON_TZ, ISO_SECONDS_TZ,
        ISO_COLON_SECONDS_TZ, NUM_TZ, NUM_SHORT_TZ, NUM_COLON_TZ, NUM_SECONDS_TZ, NUM_COLON_SECONDS_TZ,
        FRAC0, FRAC9
    }

    /** One step of a layout: literal text before a standard chunk, the chunk, and its argument. */
    private record Chunk(String prefix, Std std, int fracDigits, char fracSep, String suffix) {
    }

    private static boolean startsWithLower(String s, int i, String word) {
        return s.startsWith(word, i) && (i + word.length() >= s.length() || !Character.isLowerCase(s.charAt(i + word.length())));
    }

    private static Chunk nextStd(String layout) {
        for (int i = 0; i < layout.length(); i++) {
            char c = layout.charAt(i);
            String pre = layout.substring(0, i);
            switch (c) {
                case 'J' -> {
                    if (layout.startsWith("Jan", i)) {
                        if (layout.startsWith("January", i)) return new Chunk(pre, Std.LONG_MONTH, 0, ' ', layout.substring(i + 7));
                        if (!startsWithLower(layout, i, "Jan") && layout.length() > i + 3 && Character.isLowerCase(layout.charAt(i + 3))) break;
                        return new Chunk(pre, Std.MONTH, 0, ' ', layout.substring(i + 3));
                    }
                }
                case 'M' -> {
                    if (layout.startsWith("Mon", i)) {
                        if (layout.startsWith("Monday", i)) return new Chunk(pre, Std.LONG_WEEKDAY, 0, ' ', layout.substring(i + 6));
                        if (startsWithLower(layout, i, "Mon")) return new Chunk(pre, Std.WEEKDAY, 0, ' ', layout.substring(i + 3));
                    }
                    if (layout.startsWith("MST", i)) return new Chunk(pre, Std.TZ, 0, ' ', layout.substring(i + 3));
                }
                case '0' -> {
                    if (i + 1 < layout.length() && layout.charAt(i + 1) >= '1' && layout.charAt(i + 1) <= '6') {
                        Std s = switch (layout.charAt(i + 1)) {
                            case '1' -> Std.ZERO_MONTH;
                            case '2' -> Std.ZERO_DAY;
                            case '3' -> Std.ZERO_HOUR12;
                            case '4' -> Std.ZERO_MINUTE;
                            case '5' -> Std.ZERO_SECOND;
                            default -> Std.YEAR;
                        };
                        return new Chunk(pre, s, 0, ' ', layout.substring(i + 2));
                    }
                    if (layout.startsWith("002", i)) return new Chunk(pre, Std.ZERO_YEARDAY, 0, ' ', layout.substring(i + 3));
                }
                case '1' -> {
                    if (layout.startsWith("15", i)) return new Chunk(pre, Std.HOUR, 0, ' ', layout.substring(i + 2));
                    return new Chunk(pre, Std.NUM_MONTH, 0, ' ', layout.substring(i + 1));
                }
                case '2' -> {
                    if (layout.startsWith("2006", i)) return new Chunk(pre, Std.LONG_YEAR, 0, ' ', layout.substring(i + 4));
                    return new Chunk(pre, Std.DAY, 0, ' ', layout.substring(i + 1));
                }
                case '_' -> {
                    if (layout.startsWith("_2", i)) {
                        if (layout.startsWith("_2006", i)) return new Chunk(layout.substring(0, i + 1), Std.LONG_YEAR, 0, ' ', layout.substring(i + 5));
                        return new Chunk(pre, Std.UNDER_DAY, 0, ' ', layout.substring(i + 2));
                    }
                    if (layout.startsWith("__2", i)) return new Chunk(pre, Std.UNDER_YEARDAY, 0, ' ', layout.substring(i + 3));
                }
                case '3' -> {
                    return new Chunk(pre, Std.HOUR12, 0, ' ', layout.substring(i + 1));
                }
                case '4' -> {
                    return new Chunk(pre, Std.MINUTE, 0, ' ', layout.substring(i + 1));
                }
                case '5' -> {
                    return new Chunk(pre, Std.SECOND, 0, ' ', layout.substring(i + 1));
                }
                case 'P' -> {
                    if (layout.startsWith("PM", i)) return new Chunk(pre, Std.PM_UPPER, 0, ' ', layout.substring(i + 2));
                }
                case 'p' -> {
                    if (layout.startsWith("pm", i)) return new Chunk(pre, Std.PM_LOWER, 0, ' ', layout.substring(i + 2));
                }
                case '-' -> {
                    if (layout.startsWith("-070000", i)) return new Chunk(pre, Std.NUM_SECONDS_TZ, 0, ' ', layout.substring(i + 7));
                    if (layout.startsWith("-07:00:00", i)) return new Chunk(pre, Std.NUM_COLON_SECONDS_TZ, 0, ' ', layout.substring(i + 9));
                    if (layout.startsWith("-0700", i)) return new Chunk(pre, Std.NUM_TZ, 0, ' ', layout.substring(i + 5));
                    if (layout.startsWith("-07:00", i)) return new Chunk(pre, Std.NUM_COLON_TZ, 0, ' ', layout.substring(i + 6));
                    if (layout.startsWith("-07", i)) return new Chunk(pre, Std.NUM_SHORT_TZ, 0, ' ', layout.substring(i + 3));
                }
                case 'Z' -> {
                    if (layout.startsWith("Z070000", i)) return new Chunk(pre, Std.ISO_SECONDS_TZ, 0, ' ', layout.substring(i + 7));
                    if (layout.startsWith("Z07:00:00", i)) return new Chunk(pre, Std.ISO_COLON_SECONDS_TZ, 0, ' ', layout.substring(i + 9));
                    if (layout.startsWith("Z0700", i)) return new Chunk(pre, Std.ISO_TZ, 0, ' ', layout.substring(i + 5));
                    if (layout.startsWith("Z07:00", i)) return new Chunk(pre, Std.ISO_COLON_TZ, 0, ' ', layout.substring(i + 6));
                    if (layout.startsWith("Z07", i)) return new Chunk(pre, Std.ISO_SHORT_TZ, 0, ' ', layout.substring(i + 3));
                }
                case '.', ',' -> {
                    if (i + 1 < layout.length() && (layout.charAt(i + 1) == '0' || layout.charAt(i + 1) == '9')) {
                        char ch = layout.charAt(i + 1);
                        int j = i + 1;
                        while (j < layout.length() && layout.charAt(j) == ch) j++;
                        if (!(j < layout.length() && Character.isDigit(layout.charAt(j)))) {
                            return new Chunk(pre, ch == '0' ? Std.FRAC0 : Std.FRAC9, j - (i + 1), c, layout.substring(j));
                        }
                    }
                }
                default -> {
                }
            }
        }
        return new Chunk(layout, Std.NONE, 0, ' ', "");
    }

    // ---------------------------------------------------------------- formatting

    static String format(GoTime t, String layout) {
        StringBuilder sb = new StringBuilder(layout.length() + 10);
        appendFormat(sb, t, layout);
        return sb.toString();
    }

    /** Go's {@code Time.String()}. */
    static void appendString(StringBuilder sb, GoTime t) {
        appendFormat(sb, t, "2006-01-02 15:04:05.999999999 -0700 MST");
    }

    static void appendFormat(StringBuilder sb, GoTime t, String layout) {
        ZonedDateTime z;
        try {
            z = t.instant().atZone(t.zone());
        } catch (DateTimeException e) {
            z = t.instant().atZone(ZoneOffset.UTC);
        }
        int offset = z.getOffset().getTotalSeconds();
        String rest = layout;
        while (!rest.isEmpty()) {
            Chunk c = nextStd(rest);
            sb.append(c.prefix);
            if (c.std == Std.NONE) break;
            rest = c.suffix;
            int year = z.getYear();
            switch (c.std) {
                case YEAR -> pad(sb, Math.floorMod(year, 100), 2);
                case LONG_YEAR -> {
                    if (year < 0) {
                        sb.append('-');
                        pad(sb, -year, 4);
                    } else {
                        pad(sb, year, 4);
                    }
                }
                case MONTH -> sb.append(LONG_MONTHS[z.getMonthValue() - 1], 0, 3);
                case LONG_MONTH -> sb.append(LONG_MONTHS[z.getMonthValue() - 1]);
                case NUM_MONTH -> sb.append(z.getMonthValue());
                case ZERO_MONTH -> pad(sb, z.getMonthValue(), 2);
                case WEEKDAY -> sb.append(LONG_DAYS[z.getDayOfWeek().getValue() % 7], 0, 3);
                case LONG_WEEKDAY -> sb.append(LONG_DAYS[z.getDayOfWeek().getValue() % 7]);
                case DAY -> sb.append(z.getDayOfMonth());
                case UNDER_DAY -> {
                    if (z.getDayOfMonth() < 10) sb.append(' ');
                    sb.append(z.getDayOfMonth());
                }
                case ZERO_DAY -> pad(sb, z.getDayOfMonth(), 2);
                case UNDER_YEARDAY -> {
                    int yd = z.getDayOfYear();
                    if (yd < 100) sb.append(' ');
                    if (yd < 10) sb.append(' ');
                    sb.append(yd);
                }
                case ZERO_YEARDAY -> pad(sb, z.getDayOfYear(), 3);
                case HOUR -> pad(sb, z.getHour(), 2);
                case HOUR12 -> sb.append(z.getHour() % 12 == 0 ? 12 : z.getHour() % 12);
                case ZERO_HOUR12 -> pad(sb, z.getHour() % 12 == 0 ? 12 : z.getHour() % 12, 2);
                case MINUTE -> sb.append(z.getMinute());
                case ZERO_MINUTE -> pad(sb, z.getMinute(), 2);
                case SECOND -> sb.append(z.getSecond());
                case ZERO_SECOND -> pad(sb, z.getSecond(), 2);
                case PM_UPPER -> sb.append(z.getHour() >= 12 ? "PM" : "AM");
                case PM_LOWER -> sb.append(z.getHour() >= 12 ? "pm" : "am");
                case ISO_TZ, ISO_COLON_TZ, ISO_SECONDS_TZ, ISO_SHORT_TZ, ISO_COLON_SECONDS_TZ, NUM_TZ, NUM_COLON_TZ,
                     NUM_SECONDS_TZ, NUM_SHORT_TZ, NUM_COLON_SECONDS_TZ -> appendOffset(sb, c.std, offset);
                case TZ -> {
                    String abbr = abbreviation(z);
                    if (abbr != null) {
                        sb.append(abbr);
                    } else {
                        appendOffset(sb, Std.NUM_TZ, offset);
                    }
                }
                case FRAC0 -> {
                    sb.append(c.fracSep);
                    String n = String.format("%09d", z.getNano());
                    sb.append(n, 0, c.fracDigits);
                }
                case FRAC9 -> {
                    String n = String.format("%09d", z.getNano()).substring(0, Math.min(9, c.fracDigits));
                    int end = n.length();
                    while (end > 0 && n.charAt(end - 1) == '0') end--;
                    if (end > 0) sb.append(c.fracSep).append(n, 0, end);
                }
                case NONE -> {
                }
            }
        }
    }

    private static String abbreviation(ZonedDateTime z) {
        ZoneId id = z.getZone();
        if (id.equals(ZoneOffset.UTC) || id.getId().equals("UTC") || id.getId().equals("Etc/UTC") || id.getId().equals("Z")) {
            return "UTC";
        }
        if (id instanceof ZoneOffset) return null;
        String abbr = java.time.format.DateTimeFormatter.ofPattern("zzz", Locale.US).format(z);
        if (abbr.isEmpty() || abbr.startsWith("GMT") && abbr.length() > 3 || abbr.startsWith("UTC") && abbr.length() > 3) return null;
        return abbr;
    }

    private static void appendOffset(StringBuilder sb, Std std, int offset) {
        boolean iso = std.name().startsWith("ISO");
        if (iso && offset == 0) {
            sb.append('Z');
            return;
        }
        int zone = offset / 60;
        int absOffset = Math.abs(offset);
        sb.append(zone < 0 || offset < 0 ? '-' : '+');
        zone = Math.abs(zone);
        pad(sb, zone / 60, 2);
        if (std == Std.ISO_COLON_TZ || std == Std.NUM_COLON_TZ || std == Std.ISO_COLON_SECONDS_TZ || std == Std.NUM_COLON_SECONDS_TZ) {
            sb.append(':');
        }
        if (std != Std.NUM_SHORT_TZ && std != Std.ISO_SHORT_TZ) pad(sb, zone % 60, 2);
        if (std == Std.ISO_SECONDS_TZ || std == Std.NUM_SECONDS_TZ || std == Std.NUM_COLON_SECONDS_TZ || std == Std.ISO_COLON_SECONDS_TZ) {
            if (std == Std.NUM_COLON_SECONDS_TZ || std == Std.ISO_COLON_SECONDS_TZ) sb.append(':');
            pad(sb, absOffset % 60, 2);
        }
    }

    private static void pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) sb.append('0');
        sb.append(s);
    }

    // ---------------------------------------------------------------- parsing

    /** Go's {@code time.ParseInLocation}; returns null where Go returns an error. */
    static GoTime parse(String layout, String value, ZoneId loc) {
        int year = 1, month = -1, day = -1, yday = -1, hour = 0, min = 0, sec = 0, nsec = 0;
        boolean pmSet = false, amSet = false;
        Integer zoneOffset = null;
        String zoneName = null;
        String rest = layout;
        String v = value;
        while (true) {
            Chunk c = nextStd(rest);
            v = skip(v, c.prefix);
            if (v == null) return null;
            if (c.std == Std.NONE) {
                if (!v.isEmpty()) return null;
                break;
            }
            rest = c.suffix;
            int[] r;
            switch (c.std) {
                case YEAR -> {
                    if (v.length() < 2 || !digits(v, 2)) return null;
                    year = Integer.parseInt(v.substring(0, 2));
                    year += year >= 69 ? 1900 : 2000;
                    v = v.substring(2);
                }
                case LONG_YEAR -> {
                    if (v.length() < 4 || !digits(v, 4)) return null;
                    year = Integer.parseInt(v.substring(0, 4));
                    v = v.substring(4);
                }
                case MONTH, LONG_MONTH -> {
                    int found = -1;
                    for (int m = 0; m < 12; m++) {
                        String name = c.std == Std.MONTH ? LONG_MONTHS[m].substring(0, 3) : LONG_MONTHS[m];
                        if (v.length() >= name.length() && v.substring(0, name.length()).equalsIgnoreCase(name)) {
                            found = m;
                            v = v.substring(name.length());
                            break;
                        }
                    }
                    if (found < 0) return null;
                    month = found + 1;
                }
                case NUM_MONTH, ZERO_MONTH -> {
                    r = getnum(v, c.std == Std.ZERO_MONTH);
                    if (r == null || r[0] <= 0 || r[0] > 12) return null;
                    month = r[0];
                    v = v.substring(r[1]);
                }
                case WEEKDAY, LONG_WEEKDAY -> {
                    boolean ok = false;
                    for (String d : LONG_DAYS) {
                        String name = c.std == Std.WEEKDAY ? d.substring(0, 3) : d;
                        if (v.length() >= name.length() && v.substring(0, name.length()).equalsIgnoreCase(name)) {
                            v = v.substring(name.length());
                            ok = true;
                            break;
                        }
                    }
                    if (!ok) return null;
                }
                case DAY, UNDER_DAY, ZERO_DAY -> {
                    if (c.std == Std.UNDER_DAY && !v.isEmpty() && v.charAt(0) == ' ') v = v.substring(1);
                    r = getnum(v, c.std == Std.ZERO_DAY);
                    if (r == null) return null;
                    day = r[0];
                    v = v.substring(r[1]);
                }
                case UNDER_YEARDAY, ZERO_YEARDAY -> {
                    for (int k = 0; k < 2 && c.std == Std.UNDER_YEARDAY && !v.isEmpty() && v.charAt(0) == ' '; k++) v = v.substring(1);
                    r = getnum3(v, c.std == Std.ZERO_YEARDAY);
                    if (r == null || r[0] < 1 || r[0] > 366) return null;
                    yday = r[0];
                    v = v.substring(r[1]);
                }
                case HOUR -> {
                    r = getnum(v, false);
                    if (r == null || r[0] > 23) return null;
                    hour = r[0];
                    v = v.substring(r[1]);
                }
                case HOUR12, ZERO_HOUR12 -> {
                    r = getnum(v, c.std == Std.ZERO_HOUR12);
                    if (r == null || r[0] > 12) return null;
                    hour = r[0];
                    v = v.substring(r[1]);
                }
                case MINUTE, ZERO_MINUTE -> {
                    r = getnum(v, c.std == Std.ZERO_MINUTE);
                    if (r == null || r[0] > 59) return null;
                    min = r[0];
                    v = v.substring(r[1]);
                }
                case SECOND, ZERO_SECOND -> {
                    r = getnum(v, c.std == Std.ZERO_SECOND);
                    if (r == null || r[0] > 59) return null;
                    sec = r[0];
                    v = v.substring(r[1]);
                    if (v.length() >= 2 && (v.charAt(0) == '.' || v.charAt(0) == ',') && Character.isDigit(v.charAt(1))) {
                        Std nxt = nextStd(rest).std;
                        if (nxt == Std.FRAC0 || nxt == Std.FRAC9) break;
                        int n = 2;
                        while (n < v.length() && Character.isDigit(v.charAt(n))) n++;
                        nsec = nanos(v, n);
                        v = v.substring(n);
                    }
                }
                case PM_UPPER, PM_LOWER -> {
                    if (v.length() < 2) return null;
                    String p = v.substring(0, 2);
                    if (c.std == Std.PM_UPPER ? p.equals("PM") : p.equals("pm")) pmSet = true;
                    else if (c.std == Std.PM_UPPER ? p.equals("AM") : p.equals("am")) amSet = true;
                    else return null;
                    v = v.substring(2);
                }
                case ISO_TZ, ISO_COLON_TZ, ISO_SECONDS_TZ, ISO_SHORT_TZ, ISO_COLON_SECONDS_TZ, NUM_TZ, NUM_COLON_TZ,
                     NUM_SECONDS_TZ, NUM_SHORT_TZ, NUM_COLON_SECONDS_TZ -> {
                    boolean iso = c.std.name().startsWith("ISO");
                    if (iso && !v.isEmpty() && v.charAt(0) == 'Z') {
                        v = v.substring(1);
                        zoneOffset = 0;
                        zoneName = "UTC";
                        break;
                    }
                    boolean colon = c.std.name().contains("COLON");
                    boolean secs = c.std.name().contains("SECONDS");
                    boolean shortTz = c.std.name().contains("SHORT");
                    int need = 3 + (shortTz ? 0 : 2 + (colon ? 1 : 0)) + (secs ? 2 + (colon ? 1 : 0) : 0);
                    if (v.length() < need) return null;
                    char sign = v.charAt(0);
                    if (sign != '+' && sign != '-') return null;
                    int hh, mm = 0, ss = 0;
                    if (!digits(v.substring(1), 2)) return null;
                    hh = Integer.parseInt(v.substring(1, 3));
                    int k = 3;
                    if (!shortTz) {
                        if (colon) {
                            if (v.charAt(k) != ':') return null;
                            k++;
                        }
                        if (!digits(v.substring(k), 2)) return null;
                        mm = Integer.parseInt(v.substring(k, k + 2));
                        k += 2;
                    }
                    if (secs) {
                        if (colon) {
                            if (v.charAt(k) != ':') return null;
                            k++;
                        }
                        if (!digits(v.substring(k), 2)) return null;
                        ss = Integer.parseInt(v.substring(k, k + 2));
                        k += 2;
                    }
                    if (hh > 24 || mm > 60 || ss > 60) return null;
                    int off = (hh * 60 + mm) * 60 + ss;
                    zoneOffset = sign == '-' ? -off : off;
                    v = v.substring(k);
                }
                case TZ -> {
                    if (v.length() >= 3 && v.startsWith("UTC")) {
                        zoneName = "UTC";
                        v = v.substring(3);
                        break;
                    }
                    int n = 0;
                    while (n < v.length() && Character.isUpperCase(v.charAt(n))) n++;
                    if (n < 3) return null;
                    zoneName = v.substring(0, n);
                    v = v.substring(n);
                }
                case FRAC0 -> {
                    int ndigit = 1 + c.fracDigits;
                    if (v.length() < ndigit || v.charAt(0) != c.fracSep && !(v.charAt(0) == '.' || v.charAt(0) == ',')) return null;
                    if (!digits(v.substring(1), c.fracDigits)) return null;
                    nsec = nanos(v, ndigit);
                    v = v.substring(ndigit);
                }
                case FRAC9 -> {
                    if (v.length() < 2 || !(v.charAt(0) == '.' || v.charAt(0) == ',') || !Character.isDigit(v.charAt(1))) break;
                    int i = 0;
                    while (i + 1 < v.length() && Character.isDigit(v.charAt(i + 1))) i++;
                    nsec = nanos(v, 1 + i);
                    v = v.substring(1 + i);
                }
                case NONE -> {
                }
            }
        }
        if (pmSet && hour < 12) hour += 12;
        else if (amSet && hour == 12) hour = 0;
        if (yday >= 0) {
            LocalDate d;
            try {
                d = LocalDate.ofYearDay(year, yday);
            } catch (DateTimeException e) {
                return null;
            }
            if (month >= 0 && d.getMonthValue() != month) return null;
            if (day >= 0 && d.getDayOfMonth() != day) return null;
            month = d.getMonthValue();
            day = d.getDayOfMonth();
        } else {
            if (month < 0) month = 1;
            if (day < 0) day = 1;
        }
        LocalDateTime ldt;
        try {
            ldt = LocalDateTime.of(year, month, day, hour, min, sec, nsec);
        } catch (DateTimeException e) {
            return null;
        }
        if (zoneOffset != null) {
            long epoch = ldt.toEpochSecond(ZoneOffset.UTC) - zoneOffset;
            ZoneId z = ZoneOffset.ofTotalSeconds(zoneOffset);
            try {
                if (loc.getRules().getOffset(java.time.Instant.ofEpochSecond(epoch)).getTotalSeconds() == zoneOffset) z = loc;
            } catch (DateTimeException ignored) {
                // keep the fixed offset
            }
            return new GoTime(epoch, nsec, z);
        }
        if (zoneName != null) {
            if (zoneName.equals("UTC") || zoneName.equals("GMT")) {
                return new GoTime(ldt.toEpochSecond(ZoneOffset.UTC), nsec, ZoneOffset.UTC);
            }
            ZonedDateTime inLoc = ldt.atZone(loc);
            String abbr = abbreviation(inLoc);
            if (zoneName.equals(abbr)) return new GoTime(inLoc.toEpochSecond(), nsec, loc);
            return new GoTime(ldt.toEpochSecond(ZoneOffset.UTC), nsec, ZoneOffset.UTC);
        }
        ZonedDateTime z = ldt.atZone(loc);
        return new GoTime(z.toEpochSecond(), nsec, loc);
    }

    /** Go's skip: matches the literal layout text, a run of spaces matching any run of spaces. */
    private static String skip(String value, String prefix) {
        int p = 0;
        int v = 0;
        while (p < prefix.length()) {
            if (prefix.charAt(p) == ' ') {
                if (v < value.length() && value.charAt(v) != ' ') return null;
                while (p < prefix.length() && prefix.charAt(p) == ' ') p++;
                while (v < value.length() && value.charAt(v) == ' ') v++;
                continue;
            }
            if (v >= value.length() || value.charAt(v) != prefix.charAt(p)) return null;
            p++;
            v++;
        }
        return value.substring(v);
    }

    private static boolean digits(String s, int n) {
        if (s.length() < n) return false;
        for (int i = 0; i < n; i++) if (!Character.isDigit(s.charAt(i)) || s.charAt(i) > '9') return false;
        return true;
    }

    private static boolean isDigit(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }

    /** Go's getnum: one or two digits ({@code fixed}: exactly two). Returns {value, length}. */
    private static int[] getnum(String s, boolean fixed) {
        if (!isDigit(s, 0)) return null;
        if (!isDigit(s, 1)) {
            if (fixed) return null;
            return new int[]{s.charAt(0) - '0', 1};
        }
        return new int[]{(s.charAt(0) - '0') * 10 + (s.charAt(1) - '0'), 2};
    }

    private static int[] getnum3(String s, boolean fixed) {
        int n = 0, i = 0;
        for (; i < 3 && isDigit(s, i); i++) n = n * 10 + (s.charAt(i) - '0');
        if (i == 0 || (fixed && i != 3)) return null;
        return new int[]{n, i};
    }

    private static int nanos(String v, int nbytes) {
        int ns = 0;
        int i = 1;
        for (; i < nbytes && i < 10; i++) ns = ns * 10 + (v.charAt(i) - '0');
        for (; i < 10; i++) ns *= 10;
        return ns;
    }

    // ---------------------------------------------------------------- durations

    /** Go's {@code time.ParseDuration}, in nanoseconds. */
    static long parseDuration(String s) throws Functions.FuncError {
        Units.Parsed p = Units.parseDuration(s);
        if (!p.ok()) throw new Functions.FuncError(p.error());
        return p.nanosOrBytes();
    }

    /** Go's {@code Duration.Seconds()}. */
    static double seconds(long nanos) {
        long sec = nanos / 1_000_000_000L;
        long nsec = nanos % 1_000_000_000L;
        return (double) sec + (double) nsec / 1e9;
    }
}
