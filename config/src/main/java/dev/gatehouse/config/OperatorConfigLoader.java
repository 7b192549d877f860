package dev.gatehouse.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads the operator's {@code $GATEHOUSE_HOME/gatehouse.yaml}. */
public final class OperatorConfigLoader {

    public static final String FILE_NAME = "gatehouse.yaml";

    /** Far above any real configuration; bounds what a bad file can cost to read. */
    static final int MAX_BYTES = 1024 * 1024;

    private final Path home;
    private final List<ConfigSection<?>> sections;

    /** @param home {@code $GATEHOUSE_HOME}, injected so that tests and tools can point elsewhere */
    public OperatorConfigLoader(Path home) {
        this(home, List.of());
    }

    /** @param sections the sections other modules own; their keys are the only others allowed */
    public OperatorConfigLoader(Path home, List<ConfigSection<?>> sections) {
        this.home = home;
        this.sections = List.copyOf(sections);
    }

    /**
     * The configuration in the home directory, or {@link OperatorConfig#defaults()} when there is
     * no {@code gatehouse.yaml}.
     *
     * @throws ConfigException with every problem in the file, each located
     */
    public OperatorConfig load() {
        var file = home.resolve(FILE_NAME);
        byte[] content;
        try (var in = Files.newInputStream(file)) {
            // Read one byte past the limit so an oversized file is refused without reading all of it.
            content = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            // Every section falls back to its own defaults when asked for (OperatorConfig.section).
            return OperatorConfig.defaults();
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(
                    file.toString(), 0, 0, "cannot be read (" + e.getClass().getSimpleName() + ")")));
        }
        return parse(file.toString(), content);
    }

    static OperatorConfig read(String fileName, byte[] content) {
        return new OperatorConfigLoader(Path.of(".")).parse(fileName, content);
    }

    /** Reads a configuration given as bytes, with this loader's sections. */
    public OperatorConfig parse(String fileName, byte[] content) {
        var tree = ConfigTree.read(fileName, content, MAX_BYTES);
        var root = tree.rootMap();
        var config = root.map(r -> {
            var keys = new java.util.ArrayList<String>(List.of("plugins"));
            sections.forEach(s -> keys.add(s.key()));
            r.allowOnly(keys.toArray(String[]::new));
            var plugins =
                    r.optionalMap("plugins").map(PluginPolicyReader::read).orElseGet(PluginPolicy::permissiveDefaults);
            return new OperatorConfig(plugins, readSections(r), digests(r));
        });
        tree.throwIfProblems();
        return config.orElseThrow();
    }

    private static java.util.Map<String, String> digests(ConfigMap root) {
        var digests = new java.util.TreeMap<String, String>();
        for (var entry : root.entries()) {
            entry.value().asCanonicalJson().ifPresent(json -> digests.put(entry.key(), CanonicalJson.sha256Hex(json)));
        }
        return digests;
    }

    private java.util.Map<String, Object> readSections(ConfigMap root) {
        var values = new java.util.HashMap<String, Object>();
        for (var section : sections) {
            values.put(section.key(), section.reader().apply(root.optional(section.key())));
        }
        return values;
    }
}
