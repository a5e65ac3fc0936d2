package io.norn.server;

import java.nio.charset.StandardCharsets;

/** What an endpoint answers: status, content type and body. */
public record ApiResponse(int status, String contentType, byte[] body) {
    public static final String JSON = "application/json; charset=UTF-8";
    public static final String TEXT = "text/plain; charset=utf-8";

    public static ApiResponse json(byte[] body) {
        return new ApiResponse(200, JSON, body);
    }

    public static ApiResponse text(int status, String body) {
        return new ApiResponse(status, TEXT, body.getBytes(StandardCharsets.UTF_8));
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null, new byte[0]);
    }
}
