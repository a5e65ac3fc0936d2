package io.norn.encoding;

import java.io.IOException;

/** A file or record failed a format check; carries where. Never answered with guessed data. */
public final class CorruptionException extends IOException {
    private final String source;
    private final long offset;

    public CorruptionException(String source, long offset, String message) {
        super(source + " at offset " + offset + ": " + message);
        this.source = source;
        this.offset = offset;
    }

    public String source() {
        return source;
    }

    public long offset() {
        return offset;
    }
}
