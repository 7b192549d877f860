package dev.gatehouse.plugins.manifest;

import dev.gatehouse.api.manifest.PluginManifest;
import dev.gatehouse.config.ConfigProblem;
import dev.gatehouse.config.ConfigTree;
import dev.gatehouse.config.PluginLimits;
import dev.gatehouse.plugins.PluginLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and validates plugin manifests (v1, DESIGN section 4). A manifest that comes out of here
 * obeys every rule of the format and asks for nothing above the operator's maxima; anything else
 * is refused with every problem at once, each located by line and column.
 */
public final class ManifestParser {

    /** Far above any honest manifest; bounds what a hostile one can cost. */
    static final int MAX_BYTES = 256 * 1024;

    private final PluginLimits maxima;

    /** @param maxima the operator's resource maxima; a manifest asking for more is refused */
    public ManifestParser(PluginLimits maxima) {
        this.maxima = maxima;
    }

    /**
     * Finds the manifest in a plugin directory (one of {@link PluginLayout#MANIFEST_FILES}, exactly
     * one present) and parses it.
     *
     * @throws ManifestException when there is no manifest, more than one, or an invalid one
     */
    public PluginManifest parse(Path pluginDir) {
        var present = PluginLayout.MANIFEST_FILES.stream()
                .filter(name -> Files.exists(pluginDir.resolve(name), LinkOption.NOFOLLOW_LINKS))
                .toList();
        if (present.isEmpty()) {
            throw dirProblem(
                    pluginDir, "no manifest; expected one of " + String.join(", ", PluginLayout.MANIFEST_FILES));
        }
        if (present.size() > 1) {
            throw dirProblem(
                    pluginDir, "more than one manifest (" + String.join(", ", present) + "); keep exactly one");
        }
        var file = pluginDir.resolve(present.getFirst());
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            // A linked manifest could make us read, and quote back, a file outside the plugin.
            throw dirProblem(pluginDir, present.getFirst() + " must be a regular file, not a link or directory");
        }
        byte[] content;
        try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            // One byte past the limit is enough to refuse an oversized file without reading it all.
            content = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw dirProblem(
                    pluginDir,
                    present.getFirst() + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return parse(file.toString(), content, pluginDir);
    }

    /**
     * Parses manifest bytes (YAML or JSON) for the plugin tree at {@code pluginDir}, which is
     * consulted for the files the manifest names.
     *
     * @param fileName the name used in problems
     * @throws ManifestException when the manifest is invalid; never any other exception
     */
    public PluginManifest parse(String fileName, byte[] content, Path pluginDir) {
        try {
            var tree = ConfigTree.read(fileName, content, MAX_BYTES);
            var manifest = tree.rootMap().flatMap(new ManifestReader(maxima, pluginDir)::read);
            var problems = tree.problems();
            if (!problems.isEmpty() || manifest.isEmpty()) {
                throw new ManifestException(problems.isEmpty() ? internal(fileName) : convert(problems));
            }
            return manifest.get();
        } catch (ManifestException e) {
            throw e;
        } catch (RuntimeException e) {
            // Whatever a hostile file provokes ends as a refusal; the cause is kept for the log.
            throw new ManifestException(internal(fileName), e);
        }
    }

    private static List<ManifestProblem> internal(String fileName) {
        return List.of(new ManifestProblem(fileName, 0, 0, "the manifest could not be checked (internal error)"));
    }

    private static List<ManifestProblem> convert(List<ConfigProblem> problems) {
        return problems.stream()
                .map(p -> new ManifestProblem(p.file(), p.line(), p.column(), p.message()))
                .toList();
    }

    private static ManifestException dirProblem(Path pluginDir, String message) {
        return new ManifestException(List.of(new ManifestProblem(pluginDir.toString(), 0, 0, message)));
    }
}
