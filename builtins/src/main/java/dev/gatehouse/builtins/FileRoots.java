package dev.gatehouse.builtins;

import dev.gatehouse.api.tool.ExecutionGrant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's roots, resolved against the workspace, and the choice of one for a call. A root
 * must be allowed twice: by the operator's configuration and by the call's grant (what the
 * consented manifest lets this plugin touch).
 */
final class FileRoots {

    static final String PLUGIN = "files";

    /** A root ready for use; {@code dir} is never shown to a caller. */
    record Root(String name, Path dir, boolean readOnly) {}

    private final Map<String, Root> roots;

    FileRoots(BuiltinsConfig.Files config, Optional<Path> workspace) {
        var resolved = new LinkedHashMap<String, Root>();
        config.roots().forEach((name, root) -> root.resolve(workspace)
                .ifPresent(dir -> resolved.put(name, new Root(name, dir, root.readOnly()))));
        refuseReadOnlyInsideWritable(resolved.values());
        this.roots = Map.copyOf(resolved);
    }

    /**
     * A read-only root inside a writable one is writable through the outer root, whatever it says:
     * the operator's promise would not hold, so the configuration is refused rather than half kept.
     */
    private static void refuseReadOnlyInsideWritable(java.util.Collection<Root> roots) {
        for (var inner : roots) {
            if (!inner.readOnly()) {
                continue;
            }
            for (var outer : roots) {
                if (!outer.readOnly() && inner.dir().startsWith(outer.dir())) {
                    throw new BuiltinsException(
                            PLUGIN,
                            "builtins.files.roots: the read-only root " + Quote.of(inner.name())
                                    + " lies inside the writable root " + Quote.of(outer.name())
                                    + ", which could write it; make " + Quote.of(outer.name())
                                    + " read-only too, or move " + Quote.of(inner.name()) + " outside it");
                }
            }
        }
    }

    /**
     * The root a call names, its real directory, checked against the grant.
     *
     * @param write whether the call changes files
     */
    Path choose(Optional<String> name, boolean write, ExecutionGrant grant) throws IOException {
        if (roots.isEmpty()) {
            throw new Refusal(PLUGIN, Refusal.Kind.NOT_CONFIGURED, "no file roots are configured for this tool");
        }
        Root root;
        if (name.isEmpty()) {
            if (roots.size() != 1) {
                throw new Refusal(
                        PLUGIN,
                        Refusal.Kind.ARGUMENTS,
                        "argument 'root' is required; the roots are " + String.join(", ", sortedNames()));
            }
            root = roots.values().iterator().next();
        } else {
            root = roots.get(name.get());
            if (root == null) {
                throw new Refusal(
                        PLUGIN,
                        Refusal.Kind.NOT_FOUND,
                        "no root named " + Quote.of(name.get()) + "; the roots are "
                                + String.join(", ", sortedNames()));
            }
        }
        if (write && root.readOnly()) {
            throw new Refusal(PLUGIN, Refusal.Kind.PATH, "root " + Quote.of(root.name()) + " is read-only");
        }
        if (!granted(write ? grant.writePaths() : grant.readPaths(), root.dir())) {
            throw new Refusal(
                    PLUGIN,
                    Refusal.Kind.NOT_CONFIGURED,
                    "root " + Quote.of(root.name()) + " is not among the paths this plugin was granted");
        }
        try {
            var real = root.dir().toRealPath();
            if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                throw unavailable(root);
            }
            return real;
        } catch (java.nio.file.NoSuchFileException e) {
            throw unavailable(root);
        }
    }

    private List<String> sortedNames() {
        return roots.keySet().stream().sorted().toList();
    }

    private static Refusal unavailable(Root root) {
        return new Refusal(PLUGIN, Refusal.Kind.NOT_FOUND, "root " + Quote.of(root.name()) + " is not available");
    }

    /** Lexical: the grant holds resolved, normalized paths, as the configuration does. */
    private static boolean granted(List<Path> paths, Path dir) {
        return paths.stream().map(p -> p.toAbsolutePath().normalize()).anyMatch(dir::startsWith);
    }
}
