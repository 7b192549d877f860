package dev.gatehouse.host;

import dev.gatehouse.api.hook.Hook;
import dev.gatehouse.builtins.Builtin;
import dev.gatehouse.redaction.RedactorRegistry;
import dev.gatehouse.redaction.SecretRedactor;
import dev.gatehouse.vault.VaultEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What an embedding program (the CLI, benchmarks, tests) hands the host besides its home and
 * configuration.
 *
 * @param hooks hooks supplied by the embedding program; they run before the hooks of plugins
 *     (which come from the builtins, below, and are held to their manifests)
 * @param extraBuiltins builtins supplied by the embedding program: host code, installed through
 *     the same lifecycle and checks as the bundled ones, their tools and hooks alike
 * @param vault where the vault's master key comes from ({@code GATEHOUSE_MASTER_KEY}) and where its
 *     notices go
 * @param pluginReloadInterval how often a running host looks for plugin changes made by
 *     {@code gatehouse plugins} commands (enable, disable, remove, update, consent)
 * @param searchPath where the process tier looks for bubblewrap ({@code PATH}); empty (the default)
 *     leaves the process tier unavailable, so an embedding program runs third-party code only when
 *     it says so
 * @param redactors the redactor registry the host keeps current with the vault's secrets; the
 *     embedding program passes its own to redact what it writes out (its logs) with the same
 *     knowledge, or the host makes one of its own
 */
public record HostOptions(
        List<Hook> hooks,
        List<Builtin> extraBuiltins,
        VaultEnvironment vault,
        Duration pluginReloadInterval,
        String searchPath,
        RedactorRegistry redactors) {

    /** Two seconds: a disabled plugin stops answering within that, at the cost of reading a few small files. */
    public static final Duration DEFAULT_RELOAD = Duration.ofSeconds(2);

    public HostOptions {
        hooks = List.copyOf(hooks);
        extraBuiltins = List.copyOf(extraBuiltins);
        if (pluginReloadInterval.isNegative() || pluginReloadInterval.isZero()) {
            throw new IllegalArgumentException("the plugin reload interval must be positive");
        }
    }

    public HostOptions(List<Hook> hooks, List<Builtin> extraBuiltins, VaultEnvironment vault) {
        this(hooks, extraBuiltins, vault, DEFAULT_RELOAD, "", new RedactorRegistry(SecretRedactor.patternsOnly()));
    }

    /** No hooks or extra builtins; the vault key from a key file or the OS store, not the environment. */
    public static HostOptions defaults() {
        return new HostOptions(List.of(), List.of(), VaultEnvironment.of(Optional.empty(), notice -> {}));
    }

    public HostOptions withVault(VaultEnvironment env) {
        return new HostOptions(hooks, extraBuiltins, env, pluginReloadInterval, searchPath, redactors);
    }

    public HostOptions withExtraBuiltins(List<Builtin> more) {
        return new HostOptions(hooks, more, vault, pluginReloadInterval, searchPath, redactors);
    }

    public HostOptions withPluginReloadInterval(Duration interval) {
        return new HostOptions(hooks, extraBuiltins, vault, interval, searchPath, redactors);
    }

    public HostOptions withSearchPath(String path) {
        return new HostOptions(hooks, extraBuiltins, vault, pluginReloadInterval, path, redactors);
    }

    public HostOptions withRedactors(RedactorRegistry registry) {
        return new HostOptions(hooks, extraBuiltins, vault, pluginReloadInterval, searchPath, registry);
    }
}
