package dev.gatehouse.host;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.redaction.RedactorRegistry;
import dev.gatehouse.redaction.SecretRedactor;
import dev.gatehouse.vault.SecretEntry;
import dev.gatehouse.vault.SecretValue;
import dev.gatehouse.vault.Vault;
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
final class SecretKeeper implements AutoCloseable {

    private final Vault vault;
    private final List<Path> watched;
    private final RedactorRegistry redactors;
    private final AuditSink audit;
    private final Clock clock;
    private volatile Object builtFrom = "never";

    /** Set by the file watcher when a vault file changed; the next use of the redactor rebuilds it. */
    private volatile boolean dirty;

    /** When the vault's files were last looked at, for the fallback check ({@link #RECHECK}). */
    private volatile long checkedAt = System.nanoTime();

    /** However the watcher fares, the files are looked at again at least this often (nanoseconds). */
    static final long RECHECK = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    private final java.nio.file.WatchService watcher;

    SecretKeeper(Vault vault, List<Path> watched, RedactorRegistry redactors, AuditSink audit, Clock clock) {
        this.vault = vault;
        this.watched = List.copyOf(watched);
        this.redactors = redactors;
        this.audit = audit;
        this.clock = clock;
        this.watcher = watch(this.watched);
        refreshIfChanged();
    }

    /**
     * The redactor, brought up to date with the vault: a secret set by another process while the
     * server runs is redacted from every output from then on, not only from the outputs of plugins
     * that declare it. The kernel says when a vault file changes (inotify, through a watch
     * service), so a call pays no system call for this; the files are also looked at once a second
     * in case a notice is lost. Stat-ing them on every call cost 46 µs of CPU per call on this
     * machine (docs/PERFORMANCE.md).
     */
    SecretRedactor redactor() {
        if (dirty || System.nanoTime() - checkedAt > RECHECK) {
            dirty = false;
            checkedAt = System.nanoTime();
            refreshIfChanged();
        }
        return redactors.current();
    }

    /** Watches the directories of the vault's files; any change to one of them marks the redactor dirty. */
    private java.nio.file.WatchService watch(List<Path> files) {
        java.nio.file.WatchService service;
        try {
            service = java.nio.file.FileSystems.getDefault().newWatchService();
            var dirs = new java.util.HashSet<Path>();
            for (var file : files) {
                var dir = file.toAbsolutePath().getParent();
                if (dir != null && Files.isDirectory(dir) && dirs.add(dir)) {
                    dir.register(
                            service,
                            java.nio.file.StandardWatchEventKinds.ENTRY_CREATE,
                            java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY,
                            java.nio.file.StandardWatchEventKinds.ENTRY_DELETE);
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // No watch service here: the once-a-second check alone keeps the redactor current.
            return null;
        }
        var names = files.stream().map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        Thread.ofPlatform().daemon().name("gatehouse-vault-watch").start(() -> {
            try {
                while (true) {
                    var key = service.take();
                    for (var event : key.pollEvents()) {
                        if (event.kind() == java.nio.file.StandardWatchEventKinds.OVERFLOW
                                || (event.context() instanceof Path p && names.contains(p.toString()))) {
                            dirty = true;
                        }
                    }
                    key.reset();
                }
            } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
                // Closed with the host.
            }
        });
        return service;
    }

    @Override
    public void close() throws IOException {
        if (watcher != null) {
            watcher.close();
        }
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
