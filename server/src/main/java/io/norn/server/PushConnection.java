package io.norn.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 keep-alive client for pushes to a local server: the warm-up uses it instead of the JDK's
 * client so that the compiler spends its time on the server's code, not on a client's. Expects the server's
 * own responses (Content-Length framing). Not thread-safe.
 */
final class PushConnection implements AutoCloseable {
    /** A push the server has not answered by then fails the warm-up instead of holding up the start. */
    private static final int READ_TIMEOUT_MILLIS = 30_000;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String host;

    PushConnection(int port) throws IOException {
        host = "127.0.0.1:" + port;
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
    }

    /** Sends one push and reads the answer; a status other than 2xx is an IOException carrying the body. */
    void push(String contentType, byte[] body) throws IOException {
        // the headers an agent sends, so that the server's request parsing sees its usual input
        String head = "POST /loki/api/v1/push HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: norn-warmup/" + NornServer.VERSION
                + "\r\nContent-Length: " + body.length + "\r\nContent-Type: " + contentType + "\r\nX-Scope-OrgID: warmup\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        String status = line();
        int length = 0;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) length = Integer.parseInt(h.substring(colon + 1).trim());
        }
        byte[] answer = in.readNBytes(length);
        if (answer.length < length) throw new IOException("connection closed in a response body");
        if (!status.startsWith("HTTP/1.1 2")) throw new IOException(status + ": " + new String(answer, StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw new IOException("connection closed in a response head");
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
