package io.norn.server;

import io.norn.loghttp.BadRequestException;

/** Resolves the tenant of a request from {@code X-Scope-OrgID}, with Loki's rules. */
final class TenantResolver {
    static final String SINGLE_TENANT = "fake";

    private TenantResolver() {
    }

    static String resolve(boolean authEnabled, String header) throws BadRequestException {
        if (!authEnabled) return SINGLE_TENANT;
        if (header == null || header.isEmpty()) throw new BadRequestException(401, "no org id");
        if (header.contains("|")) throw new BadRequestException("multiple org IDs present");
        String id = header;
        int colon = id.indexOf(':');
        if (colon >= 0) id = id.substring(0, colon);
        if (id.length() > 150) throw new BadRequestException("tenant ID is too long: max 150 characters");
        if (id.equals(".") || id.equals("..")) throw new BadRequestException("tenant ID is '.' or '..'");
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!-_.*'()".indexOf(c) >= 0;
            if (!ok) throw new BadRequestException("tenant ID '" + id + "' contains unsupported character '" + c + "'");
        }
        return id;
    }
}
