package dev.gatehouse.config;

import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A YAML or JSON file read with every defence on, ready to be walked. Reading never throws: what
 * is wrong with the file becomes a problem, and walking adds more, so the caller reports them all
 * at once with {@link #throwIfProblems()} or {@link #problems()}.
 */
public final class ConfigTree {

    private final Problems problems;
    private final Optional<Node> root;

    private ConfigTree(Problems problems, Optional<Node> root) {
        this.problems = problems;
        this.root = root;
    }

    /**
     * Reads a file's bytes. JSON files come through the same parser, since YAML 1.2 is a superset
     * of JSON.
     *
     * @param file the name used in problems
     * @param maxBytes files longer than this are refused before parsing
     */
    public static ConfigTree read(String file, byte[] content, int maxBytes) {
        var problems = new Problems(file);
        var root = YamlReading.read(jsonTabsAsSpaces(file, content), maxBytes, problems);
        return new ConfigTree(problems, root);
    }

    /**
     * SnakeYAML refuses a tab before some tokens even in flow style, which breaks tab-indented JSON.
     * In valid JSON a raw tab can only be white space, so turning it into a space changes nothing
     * else, and keeps every column where it was.
     */
    private static byte[] jsonTabsAsSpaces(String file, byte[] content) {
        if (!file.endsWith(".json")) {
            return content;
        }
        var copy = content.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] == '\t') {
                copy[i] = ' ';
            }
        }
        return copy;
    }

    /** The top-level mapping; empty (with a problem reported) when the file is not one. */
    public Optional<ConfigMap> rootMap() {
        if (root.isEmpty()) {
            if (problems.isEmpty()) {
                problems.at(1, 1, "the file is empty; expected a mapping");
            }
            return Optional.empty();
        }
        var node = new ConfigNode(root.get(), problems);
        if (!(root.get() instanceof MappingNode)) {
            node.problem("expected a mapping at the top level, found " + node.kind());
            return Optional.empty();
        }
        return node.asMap();
    }

    /** Reports a problem about the file as a whole. */
    public void problem(String message) {
        problems.at(1, 1, message);
    }

    /** Every problem found so far, in file order. */
    public List<ConfigProblem> problems() {
        return problems.sorted();
    }

    public void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.sorted());
        }
    }
}
