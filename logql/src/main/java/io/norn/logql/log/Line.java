package io.norn.logql.log;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The current line of an entry inside a stream pipeline: a view on a buffer that a stage may replace. A stage that
 * produces a new line writes it into a buffer it owns and points the view at it. Not thread-safe.
 */
public final class Line {
    private byte[] buf = new byte[0];
    private int off;
    private int len;

    Line() {
    }

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return off;
    }

    public int length() {
        return len;
    }

    void set(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
    }

    /** The line as a string (allocates). */
    public String asString() {
        return new String(buf, off, len, StandardCharsets.UTF_8);
    }

    /** A copy of the line bytes (allocates). */
    public byte[] toBytes() {
        return Arrays.copyOfRange(buf, off, off + len);
    }
}
