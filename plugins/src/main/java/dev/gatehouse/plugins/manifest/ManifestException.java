package dev.gatehouse.plugins.manifest;

import dev.gatehouse.plugins.PluginException;
import java.util.List;

/** A manifest that cannot be accepted, with every problem found in it, each located. */
public final class ManifestException extends PluginException {

    private final List<ManifestProblem> problems;

    ManifestException(List<ManifestProblem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    ManifestException(List<ManifestProblem> problems, Throwable cause) {
        super(summary(problems), cause);
        this.problems = List.copyOf(problems);
    }

    public List<ManifestProblem> problems() {
        return problems;
    }

    private static String summary(List<ManifestProblem> problems) {
        var first =
                problems.isEmpty() ? "invalid manifest" : problems.getFirst().toString();
        return problems.size() > 1 ? first + " (and " + (problems.size() - 1) + " more)" : first;
    }
}
