package dev.gatehouse.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;

/** Collects the problems of one file as they are found, so all of them are reported together. */
final class Problems {

    private final String file;
    private final List<ConfigProblem> found = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void at(Optional<Mark> mark, String message) {
        // Marks are 0-based; people count from 1.
        int line = mark.map(m -> m.getLine() + 1).orElse(1);
        int column = mark.map(m -> m.getColumn() + 1).orElse(1);
        at(line, column, message);
    }

    void at(int line, int column, String message) {
        found.add(new ConfigProblem(file, line, column, message));
    }

    List<ConfigProblem> sorted() {
        return found.stream()
                .sorted(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column))
                .toList();
    }

    boolean isEmpty() {
        return found.isEmpty();
    }
}
