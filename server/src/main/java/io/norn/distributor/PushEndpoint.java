package io.norn.distributor;

import io.norn.loghttp.BadRequestException;
import io.norn.loghttp.PushDecoder;
import io.norn.loghttp.PushStream;
import io.norn.server.ApiRequest;
import io.norn.server.ApiResponse;

import java.io.IOException;
import java.util.List;

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
        byte[] body = PushDecoder.readBody(r.body(), r.header("content-encoding").orElse(""), maxRecvBytes, maxDecompressedBytes);
        List<PushStream> streams = mediaType.equals("application/json")
                ? PushDecoder.decodeJson(body)
                : PushDecoder.decodeSnappyProtobuf(body, maxDecompressedBytes);
        distributor.push(r.tenant(), streams);
        return ApiResponse.noContent();
    }
}
