package dev.gatehouse.plugins.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A test's staging layout: {@code <tmp>/staging/tree} is the fetch target and {@code
 * <tmp>/outside} a directory hostile entries aim at. {@link #assertNothingEscaped()} checks that no
 * fetch wrote beside the target or into outside.
 */
record Staging(Path tmp, Path staging, Path target, Path outside) {

    static Staging in(Path tmp) throws IOException {
        var staging = Files.createDirectories(tmp.resolve("staging"));
        var target = Files.createDirectory(staging.resolve("tree"));
        var outside = Files.createDirectories(tmp.resolve("outside"));
        return new Staging(tmp, staging, target, outside);
    }

    void assertNothingEscaped() throws IOException {
        try (Stream<Path> beside = Files.list(staging);
                Stream<Path> out = Files.list(outside)) {
            assertThat(beside.toList()).as("staging holds only the target").containsExactly(target);
            assertThat(out.toList()).as("nothing written outside").isEmpty();
        }
        assertThat(Path.of("/tmp/gatehouse-evil")).doesNotExist();
    }

    /** Empties the target, so one test can try several sources. */
    void clearTarget() throws IOException {
        try (Stream<Path> all = Files.walk(target)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(target)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Every regular file's size under the target, summed. */
    long bytesWritten() throws IOException {
        try (Stream<Path> all = Files.walk(target)) {
            long total = 0;
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    List<String> listing() throws IOException {
        try (Stream<Path> all = Files.walk(target)) {
            return all.filter(p -> !p.equals(target))
                    .map(p -> target.relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }
}
