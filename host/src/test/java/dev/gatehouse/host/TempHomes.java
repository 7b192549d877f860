package dev.gatehouse.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Temporary vault homes for fixtures built outside JUnit's {@code @TempDir} (a pipeline fixture
 * is a plain field): each is removed when the test JVM exits, so a run leaves nothing in /tmp.
 */
final class TempHomes {

    private static final List<Path> MADE = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> MADE.forEach(TempHomes::deleteTree)));
    }

    private TempHomes() {}

    static Path create() {
        try {
            var dir = Files.createTempDirectory("gatehouse-vault-");
            MADE.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort at exit: nothing else can be done about it now.
        }
    }
}
