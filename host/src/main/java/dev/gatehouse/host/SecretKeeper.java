package dev.gatehouse.host;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.custody.redact.RedactorRegistry;
import dev.gatehouse.custody.redact.SecretRedactor;
import dev.gatehouse.custody.vault.SecretEntry;
import dev.gatehouse.custody.vault.SecretValue;
import dev.gatehouse.custody.vault.Vault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The host's side of custody: resolves a plugin's declared secrets into one call's grant, and
 * keeps the redactor in step with the vault so that no secret can reach a plugin before the
 * redactor knows it. The vault may change under a running server ({@code gatehouse secrets set}
 * in another process); the vault files' modification times tell when to rebuild.
 */
final class SecretKeeper {

    private final Vault vault;
    private final List<Path> watched;
    private final RedactorRegistry redactors;
    private final AuditSink audit;
    private final Clock clock;
    private volatile Object builtFrom = "never";

    SecretKeeper(Vault vault, List<Path> watched, RedactorRegistry redactors, AuditSink audit, Clock clock) {
        this.vault = vault;
        this.watched = List.copyOf(watched);
        this.redactors = redactors;
        this.audit = audit;
        this.clock = clock;
        refreshIfChanged();
    }

    /**
     * The redactor, brought up to date with the vault first: a secret set by another process while
     * the server runs is redacted from every output from then on, not only from the outputs of
     * plugins that declare it. The check is two stats of the vault's files.
     */
    SecretRedactor redactor() {
        refreshIfChanged();
        return redactors.current();
    }

    /**
     * The values of the plugin's declared secrets that are set, for one call, from one read of the
     * vault; names not set are left out (and out of the audit record). The redactor is brought up
     * to date first, so any value handed out here is one it redacts.
     */
    Map<String, String> resolve(String plugin, List<String> declared, String principalId) {
        if (declared.isEmpty()) {
            return Map.of();
        }
        refreshIfChanged();
        var wanted =
                declared.stream().map(name -> new SecretEntry(plugin, name)).toList();
        var values = new TreeMap<String, String>();
        readEach(wanted, (entry, value) -> values.put(entry.name(), value));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("plugin", plugin);
        fields.put("names", List.copyOf(values.keySet()));
        audit.record(new AuditEvent(clock.instant(), "secret.access", principalId, fields));
        return values;
    }

    /**
     * Rebuilds the redactor from every value in the vault when the vault's files changed: one
     * listing and one batched read, however many entries there are.
     */
    synchronized void refreshIfChanged() {
        var stamp = stamp();
        if (Objects.equals(stamp, builtFrom)) {
            return;
        }
        var builder = SecretRedactor.builder();
        readEach(vault.list(), (entry, value) -> builder.secret(entry.name(), value));
        redactors.install(builder.build());
        builtFrom = stamp;
    }

    /** Reads {@code entries} in one batch and hands each value that is set to {@code use}, then wipes them all. */
    private void readEach(Collection<SecretEntry> entries, BiConsumer<SecretEntry, String> use) {
        var found = vault.getAll(entries);
        try {
            found.forEach((entry, value) -> use.accept(entry, value.reveal()));
        } finally {
            found.values().forEach(SecretValue::wipe);
        }
    }

    private Object stamp() {
        var stamps = new ArrayList<Object>();
        for (var file : watched) {
            // One stat per file: this runs on every call that resolves secrets.
            try {
                var attributes = Files.readAttributes(file, BasicFileAttributes.class);
                stamps.add(attributes.lastModifiedTime());
                stamps.add(attributes.size());
            } catch (NoSuchFileException e) {
                stamps.add(FileTime.fromMillis(0));
                stamps.add(-1L);
            } catch (IOException e) {
                // Unknown state: force a rebuild rather than trust an old redactor.
                return new Object();
            }
        }
        return stamps;
    }
}
