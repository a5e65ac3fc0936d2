package io.norn.loghttp;

/** A user error answered with 400 (or another 4xx status) and Loki's message. */
public final class BadRequestException extends Exception {
    private final int status;

    public BadRequestException(String message) {
        this(400, message);
    }

    public BadRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
