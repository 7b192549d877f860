package dev.gatehouse.config;

import java.util.List;

/**
 * Base of every failure in the config module: a file that could not be read into a valid
 * configuration. Carries every problem found, not just the first, so the operator fixes them in one
 * pass.
 */
public class ConfigException extends RuntimeException {

    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String summary(List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            return "invalid configuration";
        }
        var first = problems.getFirst().toString();
        return problems.size() == 1 ? first : first + " (and " + (problems.size() - 1) + " more)";
    }
}
