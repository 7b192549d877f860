package dev.gatehouse.plugins.manifest;

import dev.gatehouse.api.manifest.Capabilities;
import dev.gatehouse.api.manifest.EnvRequirement;
import dev.gatehouse.api.manifest.HookDeclaration;
import dev.gatehouse.api.manifest.PluginManifest;
import dev.gatehouse.api.manifest.ScopeHierarchy;
import dev.gatehouse.api.manifest.ToolDefinition;
import dev.gatehouse.config.ConfigList;
import dev.gatehouse.config.ConfigMap;
import dev.gatehouse.config.ConfigNode;
import dev.gatehouse.config.PluginLimits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Walks a manifest's top-level mapping into a {@link PluginManifest}, reporting as it goes. */
final class ManifestReader {

    static final int SUPPORTED_VERSION = 1;

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,62}");
    private static final Pattern PUBLISHER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern PACKAGE = Pattern.compile("\\S{1,214}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,127}");

    private final PluginLimits maxima;
    private final Path pluginDir;

    ManifestReader(PluginLimits maxima, Path pluginDir) {
        this.maxima = maxima;
        this.pluginDir = pluginDir;
    }

    /** The manifest, or empty when anything was reported; callers check the problems either way. */
    Optional<PluginManifest> read(ConfigMap root) {
        var version = root.required("manifest_version").flatMap(ConfigNode::asInt);
        if (version.isPresent() && version.get() != SUPPORTED_VERSION) {
            // Another version's keys mean other things; listing them as unknown would only mislead.
            root.optional("manifest_version")
                    .orElseThrow()
                    .problem("unsupported manifest_version " + version.get() + "; this Gatehouse reads "
                            + SUPPORTED_VERSION);
            return Optional.empty();
        }
        root.allowOnly(
                "manifest_version",
                "name",
                "version",
                "description",
                "author",
                "publisher",
                "package",
                "source",
                "runtime",
                "provides_tools",
                "provides_hooks",
                "requires_env",
                "capabilities",
                "scopes");
        var name = root.required("name").flatMap(n -> Fields.matching(
                        n,
                        "name",
                        NAME,
                        "lower-case letters, " + "digits and '-', starting with a letter, 2 to 63 long")
                .filter(v -> notReserved(n, v)));
        var semver = root.required("version").flatMap(ManifestReader::version);
        var description = Fields.requiredText(root, "description", 1024);
        var author = root.optional("author").flatMap(n -> Fields.text(n, "author", 256));
        var publisher = root.optional("publisher")
                .flatMap(
                        n -> Fields.matching(
                                n,
                                "publisher",
                                PUBLISHER,
                                "lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 long"));
        var pkg = root.optional("package")
                .flatMap(n -> Fields.matching(n, "package", PACKAGE, "at most 214 characters and no white space"));
        var source = root.optional("source").flatMap(n -> Fields.text(n, "source", 2048));
        var runtime = root.requiredMap("runtime").flatMap(new RuntimeReader(pluginDir)::read);
        var tools = root.optionalList("provides_tools")
                .map(new ToolReader(maxima)::read)
                .orElse(List.of());
        var hooks =
                root.optionalList("provides_hooks").map(ManifestReader::hooks).orElse(List.of());
        var env = root.optionalList("requires_env").map(ManifestReader::env).orElse(List.of());
        Capabilities capabilities = new CapabilityReader(maxima).read(root.optionalMap("capabilities"));
        ScopeHierarchy scopes = ScopeReader.read(root.optionalMap("scopes"), namespaces(tools));
        if (version.isEmpty() || name.isEmpty() || semver.isEmpty() || description.isEmpty() || runtime.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PluginManifest(
                version.get(),
                name.get(),
                semver.get(),
                description.get(),
                author,
                publisher,
                pkg,
                source,
                runtime.get(),
                tools,
                hooks,
                env,
                capabilities,
                scopes));
    }

    /**
     * The vault keeps the host's own keys in the namespace {@code gatehouse}; a plugin of that name
     * would be handed them as its declared secrets.
     */
    private static boolean notReserved(ConfigNode node, String name) {
        if (name.equals("gatehouse")) {
            node.problem("name 'gatehouse' is reserved for the host itself");
            return false;
        }
        return true;
    }

    private static Optional<String> version(ConfigNode node) {
        return node.asString().filter(v -> {
            boolean ok = Semver.isValid(v);
            if (!ok) {
                node.problem("version " + ConfigNode.quote(v) + " is not valid: " + Semver.RULE);
            }
            return ok;
        });
    }

    private static TreeSet<String> namespaces(List<ToolDefinition> tools) {
        var namespaces = new TreeSet<String>();
        tools.forEach(t -> t.requiredScopes().forEach(s -> namespaces.add(ScopeReader.namespace(s))));
        return namespaces;
    }

    private static List<HookDeclaration> hooks(ConfigList list) {
        var hooks = new ArrayList<HookDeclaration>();
        for (var map : list.maps()) {
            map.allowOnly("event", "purpose");
            var event = map.required("event").flatMap(n -> Fields.word(n, "event", HookDeclaration.HookEvent.class));
            var purpose = Fields.requiredText(map, "purpose", 1024);
            if (event.isPresent() && purpose.isPresent()) {
                hooks.add(new HookDeclaration(event.get(), purpose.get()));
            }
        }
        return hooks;
    }

    private static List<EnvRequirement> env(ConfigList list) {
        var env = new ArrayList<EnvRequirement>();
        var firstLine = new HashMap<String, Integer>();
        for (var map : list.maps()) {
            map.allowOnly("name", "description", "secret");
            var nameNode = map.required("name");
            var name = nameNode.flatMap(n -> Fields.matching(
                    n, "env name", ENV_NAME, "upper-case letters, digits and '_', not starting with a digit"));
            var description = Fields.requiredText(map, "description", 1024);
            var secret = map.optional("secret").isPresent() ? map.optionalBool("secret") : Optional.of(false);
            if (name.isPresent()) {
                var earlier = firstLine.putIfAbsent(name.get(), nameNode.get().line());
                if (earlier != null) {
                    nameNode.get()
                            .problem("duplicate env name " + ConfigNode.quote(name.get()) + " (first on line " + earlier
                                    + ")");
                    continue;
                }
            }
            if (name.isPresent() && description.isPresent() && secret.isPresent()) {
                env.add(new EnvRequirement(name.get(), description.get(), secret.get()));
            }
        }
        return env;
    }
}
