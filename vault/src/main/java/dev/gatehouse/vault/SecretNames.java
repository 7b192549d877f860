package dev.gatehouse.vault;

import java.util.regex.Pattern;

/** The names the vault accepts; checked before any backend sees them, and safe to quote afterwards. */
final class SecretNames {

    /** The manifest's plugin name rule. */
    private static final Pattern PLUGIN = Pattern.compile("[a-z][a-z0-9-]{1,62}");

    /** The manifest's env name rule. */
    private static final Pattern NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,127}");

    private SecretNames() {}

    static void check(String plugin, String name) {
        if (plugin == null || !PLUGIN.matcher(plugin).matches()) {
            throw new VaultException(
                    VaultException.Reason.INVALID_NAME,
                    null,
                    "a vault namespace must be a plugin name (lower-case letters, digits and '-')");
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new VaultException(
                    VaultException.Reason.INVALID_NAME,
                    null,
                    "a secret name must be upper-case letters, digits and '_', not starting with a digit");
        }
    }
}
