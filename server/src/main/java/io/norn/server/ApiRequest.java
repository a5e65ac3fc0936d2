package io.norn.server;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An HTTP request as endpoints see it: parameters from the URL and a form body merged, as Loki reads them. */
public record ApiRequest(String method, String path, Map<String, List<String>> params, Map<String, String> headers,
                         InputStream body, String tenant) {
    public Optional<String> param(String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
    }

    public List<String> params(String name) {
        return params.getOrDefault(name, List.of());
    }

    /** A header by lower-case name. */
    public Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }
}
