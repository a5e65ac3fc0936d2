package io.norn.distributor;

import io.norn.loghttp.BadRequestException;
import io.norn.loghttp.PushDecoder;
import io.norn.server.ApiRequest;
import io.norn.server.ApiResponse;

import java.io.IOException;

/** {@code POST /loki/api/v1/push}: decodes JSON or snappy protobuf and hands the streams to the distributor. */
public final class PushEndpoint {
    private final Distributor distributor;
    private final long maxRecvBytes;
    private final long maxDecompressedBytes;

    public PushEndpoint(Distributor distributor, long maxRecvBytes, long maxDecompressedBytes) {
        this.distributor = distributor;
        this.maxRecvBytes = maxRecvBytes;
        this.maxDecompressedBytes = maxDecompressedBytes;
    }

    public ApiResponse push(ApiRequest r) throws BadRequestException, IOException, InterruptedException {
        String contentType = r.header("content-type").orElse("").trim();
        if (contentType.isEmpty()) throw new BadRequestException("mime: no media type");
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (mediaType.isEmpty() || !mediaType.contains("/")) throw new BadRequestException("mime: expected slash after first token");
        long contentLength = -1;
        if (r.header("content-length").isPresent()) {
            try {
                contentLength = Long.parseLong(r.header("content-length").get().trim());
            } catch (NumberFormatException e) {
                throw new BadRequestException("invalid Content-Length " + r.header("content-length").get());
            }
        }
        // The distributor copies what it keeps (head block, WAL record) before the buffers go back.
        try (PushDecoder.Body body = PushDecoder.readBodyPooled(r.body(), contentLength, r.header("content-encoding").orElse(""),
                maxRecvBytes, maxDecompressedBytes)) {
            if (mediaType.equals("application/json")) {
                try (PushDecoder.Decoded d = PushDecoder.decodeJsonPooled(body.buffer(), body.length())) {
                    distributor.push(r.tenant(), d.streams());
                }
            } else {
                try (PushDecoder.Decoded d = PushDecoder.decodeSnappyProtobufPooled(body.buffer(), body.length(), maxDecompressedBytes)) {
                    distributor.push(r.tenant(), d.streams());
                }
            }
        }
        return ApiResponse.noContent();
    }
}
