package dev.gatehouse.host.operator;

import dev.gatehouse.api.operator.Operator;
import dev.gatehouse.api.operator.OperatorException;
import dev.gatehouse.api.operator.SecretStatus;
import dev.gatehouse.plugins.lifecycle.PluginRecord;
import dev.gatehouse.vault.SecretEntry;
import dev.gatehouse.vault.SecretValue;
import dev.gatehouse.vault.Vault;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** The secrets plugins declare, held in the vault: names in and out, values only in. */
final class OperatorSecrets implements Operator.Secrets {

    private final HostOperator operator;

    OperatorSecrets(HostOperator operator) {
        this.operator = operator;
    }

    /** A name from the operator, safe to repeat in a message. */
    static String shown(String text) {
        return "'" + text.replaceAll("[^A-Za-z0-9_.-]", "?") + "'";
    }

    @Override
    public int maxValueChars() {
        return SecretValue.MAX_CHARS;
    }

    @Override
    public void set(String plugin, String name, char[] value) {
        requireDeclared(plugin, name);
        SecretValue secret;
        try {
            secret = SecretValue.copyOf(value);
        } catch (IllegalArgumentException e) {
            throw new OperatorException(OperatorException.Kind.INVALID, "refused: " + e.getMessage());
        }
        try (secret;
                var vault = operator.vault()) {
            HostOperator.vaulted(() -> {
                vault.set(plugin, name, secret);
                return null;
            });
        }
        audit("secret.set", plugin, name);
    }

    @Override
    public void requireDeclared(String plugin, String name) {
        var declared =
                declared(OperatorPlugins.plugged(() -> operator.lifecycle().find(plugin)));
        if (!declared.contains(name)) {
            throw new OperatorException(
                    OperatorException.Kind.INVALID,
                    "refused: plugin " + shown(plugin) + " does not declare a secret named " + shown(name)
                            + " (requires_env with secret: true); it declares "
                            + (declared.isEmpty() ? "no secrets" : String.join(", ", declared)));
        }
    }

    @Override
    public boolean remove(String plugin, String name) {
        boolean removed;
        try (var vault = operator.vault()) {
            removed = HostOperator.vaulted(() -> vault.remove(plugin, name));
        }
        if (removed) {
            audit("secret.removed", plugin, name);
        }
        return removed;
    }

    @Override
    public List<String> unset(String plugin) {
        var declared =
                declared(OperatorPlugins.plugged(() -> operator.lifecycle().find(plugin)));
        if (declared.isEmpty()) {
            return List.of();
        }
        var stored = new TreeSet<String>();
        try (var vault = operator.vault()) {
            HostOperator.vaulted(vault::list).stream()
                    .filter(e -> e.plugin().equals(plugin))
                    .forEach(e -> stored.add(e.name()));
        }
        return declared.stream().filter(n -> !stored.contains(n)).toList();
    }

    @Override
    public List<SecretStatus> list() {
        var rows = new TreeMap<SecretEntry, SecretStatus>();
        for (var record : OperatorPlugins.plugged(() -> operator.lifecycle().list())) {
            for (var name : declared(record)) {
                var by = record.name() + " " + record.active().version();
                if (!record.active().capabilities().secrets().contains(name)) {
                    by = record.name() + " " + record.pending().orElseThrow().version() + " (update pending)";
                }
                rows.put(new SecretEntry(record.name(), name), new SecretStatus(record.name(), name, false, by));
            }
        }
        try (var vault = operator.vault()) {
            for (var entry : HostOperator.vaulted(vault::list)) {
                if (entry.plugin().equals(Vault.HOST_NAMESPACE)) {
                    continue; // the host's own keys (the audit checkpoint key): not the operator's to manage
                }
                rows.compute(
                        entry,
                        (e, row) -> row == null
                                ? new SecretStatus(
                                        e.plugin(), e.name(), true, "nobody (not declared by an installed plugin)")
                                : new SecretStatus(row.plugin(), row.name(), true, row.declaredBy()));
            }
        }
        return List.copyOf(rows.values());
    }

    /** The secrets the plugin's active version declares, and those a pending update would add. */
    private static TreeSet<String> declared(PluginRecord record) {
        var names = new TreeSet<>(record.active().capabilities().secrets());
        record.pending().ifPresent(p -> names.addAll(p.capabilities().secrets()));
        return names;
    }

    private void audit(String type, String plugin, String name) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("plugin", plugin);
        fields.put("name", name);
        operator.record(type, fields);
    }
}
