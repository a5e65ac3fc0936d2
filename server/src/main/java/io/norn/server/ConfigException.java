package io.norn.server;

/** An invalid configuration file or flag; the message is printed and the process exits with status 1. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
