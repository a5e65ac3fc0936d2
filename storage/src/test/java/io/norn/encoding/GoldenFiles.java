package io.norn.encoding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Committed format fixtures under {@code src/test/resources/golden/}. They are written only when the build runs
 * with {@code -Dnorn.golden.rewrite=true} (and the diff is reviewed); otherwise tests read the committed bytes,
 * so a reader change that breaks an old file fails the build.
 */
public final class GoldenFiles {
    private static final Path SOURCE_DIR = Path.of("src", "test", "resources", "golden");

    private GoldenFiles() {
    }

    public static boolean rewrite() {
        return Boolean.getBoolean("norn.golden.rewrite");
    }

    /** Writes a fixture into the source tree (only when {@link #rewrite()} is set). */
    public static void write(String name, byte[] data) throws IOException {
        if (!rewrite()) throw new IllegalStateException("golden fixtures are rewritten only with -Dnorn.golden.rewrite=true");
        Path p = SOURCE_DIR.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, data);
    }

    /** The committed bytes of a fixture: from the source tree when rewriting, else from the test class path. */
    public static byte[] read(String name) throws IOException {
        if (rewrite()) return Files.readAllBytes(SOURCE_DIR.resolve(name));
        try (InputStream in = GoldenFiles.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) throw new IOException("missing golden fixture " + name);
            return in.readAllBytes();
        }
    }

    /** Copies a committed fixture to {@code target} (readers may repair files, so tests work on copies). */
    public static void copy(String name, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Files.write(target, read(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
