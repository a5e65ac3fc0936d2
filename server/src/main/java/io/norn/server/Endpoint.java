package io.norn.server;

/** One HTTP endpoint: parses the request, calls plain code, encodes the result. */
@FunctionalInterface
public interface Endpoint {
    ApiResponse handle(ApiRequest request) throws Exception;
}
