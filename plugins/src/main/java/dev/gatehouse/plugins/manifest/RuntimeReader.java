package dev.gatehouse.plugins.manifest;

import dev.gatehouse.api.manifest.Runtime;
import dev.gatehouse.config.ConfigMap;
import dev.gatehouse.config.ConfigNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code runtime:} section; checks a wasm module against the real plugin tree. */
final class RuntimeReader {

    private final Path pluginDir;

    RuntimeReader(Path pluginDir) {
        this.pluginDir = pluginDir;
    }

    Optional<Runtime> read(ConfigMap map) {
        map.allowOnly("type", "command", "module");
        return map.requiredString("type").flatMap(type -> switch (type) {
            case "process" -> {
                refuse(map, "module", "process");
                yield map.requiredList("command").flatMap(list -> command(list.items(), list.node()));
            }
            case "wasm" -> {
                refuse(map, "command", "wasm");
                yield map.required("module").flatMap(this::module);
            }
            case "builtin" -> {
                refuse(map, "command", "builtin");
                refuse(map, "module", "builtin");
                yield Optional.of(new Runtime.Builtin());
            }
            default -> {
                map.optional("type")
                        .orElseThrow()
                        .problem("runtime type must be one of wasm, process, builtin, found " + ConfigNode.quote(type));
                yield Optional.empty();
            }
        });
    }

    private static void refuse(ConfigMap map, String key, String type) {
        map.optional(key).ifPresent(n -> n.problem(key + " does not belong to a " + type + " runtime"));
    }

    private static Optional<Runtime> command(List<ConfigNode> items, ConfigNode list) {
        if (items.isEmpty()) {
            list.problem("command must name the program to run");
            return Optional.empty();
        }
        var command = new ArrayList<String>();
        for (var item : items) {
            item.asString().ifPresent(arg -> {
                if (arg.isEmpty()) {
                    item.problem("command parts must not be empty");
                } else {
                    command.add(arg);
                }
            });
        }
        return command.size() == items.size() ? Optional.of(new Runtime.Process(command)) : Optional.empty();
    }

    private Optional<Runtime> module(ConfigNode node) {
        return node.asString().flatMap(module -> {
            var reason = moduleProblem(module);
            if (reason != null) {
                node.problem("module " + ConfigNode.quote(module) + " " + reason);
                return Optional.empty();
            }
            return Optional.of(new Runtime.Wasm(module));
        });
    }

    /** Why {@code module} is not a regular file inside the plugin tree; null when it is one. */
    private String moduleProblem(String module) {
        if (module.isEmpty() || module.startsWith("/") || module.contains("\\")) {
            return "must be a relative path inside the plugin directory";
        }
        for (var segment : module.split("/", -1)) {
            if (segment.equals("..")) {
                return "must not contain '..'";
            }
        }
        try {
            var path = Path.of(module);
            if (path.isAbsolute()) {
                return "must be a relative path inside the plugin directory";
            }
            var root = pluginDir.toRealPath();
            var file = root.resolve(path).normalize();
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return "does not exist in the plugin directory";
            }
            if (!Files.exists(file)) {
                return "is a broken symbolic link";
            }
            // A link inside the tree may point anywhere; only where it finally lands counts.
            if (!file.toRealPath().startsWith(root)) {
                return "leads outside the plugin directory through a symbolic link";
            }
            if (!Files.isRegularFile(file)) {
                return "is not a regular file";
            }
            return null;
        } catch (InvalidPathException e) {
            return "is not a valid path";
        } catch (IOException e) {
            return "cannot be checked (" + e.getClass().getSimpleName() + ")";
        }
    }
}
