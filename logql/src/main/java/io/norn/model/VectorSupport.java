package io.norn.model;

/** Whether SIMD code paths may be used. */
public final class VectorSupport {
    /**
     * True when the JVM runs with the JDK's incubating Vector API ({@code --add-modules jdk.incubator.vector}, as
     * bin/norn starts it); classes that use it are loaded only then, and scalar code runs otherwise.
     */
    public static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorSupport() {
    }
}
