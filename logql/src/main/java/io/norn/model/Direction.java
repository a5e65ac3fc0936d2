package io.norn.model;

/** Order in which a log query returns entries: FORWARD = oldest first, BACKWARD = newest first. */
public enum Direction {
    FORWARD, BACKWARD
}
