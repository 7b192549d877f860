package dev.gatehouse.api.operator;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What an operator does to one Gatehouse home. The host implements it; a surface only parses what
 * the operator typed and renders what comes back. Failures are {@link OperatorException}s whose
 * messages are written for the operator and never hold a secret value.
 */
public interface Operator extends AutoCloseable {

    /** Plugins: install, inspect, consent, update, verify. */
    Plugins plugins();

    /** The publisher keys plugin signatures are verified with. */
    Trust trust();

    /** API keys: a key is shown once, when created; only its hash is kept. */
    Keys keys();

    /** The secrets plugins declare: a value goes in, and never comes out. */
    Secrets secrets();

    /** The tamper-evident audit log: read, query, verify. */
    AuditTrail audit();

    /** How this Gatehouse is set up, one check per line, for {@code doctor}. Changes nothing. */
    List<DoctorCheck> doctor(DoctorOptions options);

    /**
     * Takes every secret this home knows and every credential shape out of a text: for what the
     * surface itself writes out (its log lines).
     */
    TextRedactor redactor();

    /** Records an operator action (as the operator's principal) in the audit log. */
    void record(String type, java.util.Map<String, Object> fields);

    /** Ends what this operator opened: the audit log is closed (final checkpoint signed). */
    @Override
    void close();

    /** Everything about plugins an operator does. Every change is recorded in the audit log. */
    interface Plugins {

        /** Checks a plugin directory's manifest against manifest v1 and the operator's limits. */
        PluginViews.ManifestCheck validate(Path dir);

        /** The content digest of a plugin directory: what a publisher signs. */
        String digest(Path dir);

        /** Every installed plugin, by name. */
        List<PluginViews.Installed> list();

        /** One installed plugin and everything its active version may do. */
        PluginViews.Inspection inspect(String name);

        /**
         * Fetches, validates, hashes and checks a plugin: what {@code install} would install. The
         * caller shows it, asks, then installs it or closes it (which removes what was fetched).
         *
         * @param progress each step as it starts, for the operator
         */
        PreparedInstall prepare(String source, Consumer<String> progress);

        /** What enabling the plugin asks consent to: its capabilities, or a waiting update's diff. */
        EnableProposal proposeEnable(String name);

        /** Installs a new version beside the active one; activates it only if it widens nothing. */
        PluginViews.Updated update(String name, Optional<String> source, Consumer<String> progress);

        /** Stops the plugin from running and withdraws its consent. */
        void disable(String name);

        /** Uninstalls the plugin; its state directory is kept unless {@code purgeState}. */
        PluginViews.Removed remove(String name, boolean purgeState);

        /** Brings back a removed bundled builtin at the next start; false when it is not one. */
        boolean restoreBuiltin(String name);

        /** Puts the consented tree back from its source (the same digest only). */
        PluginViews.Repaired repair(String name, Optional<String> source, Consumer<String> progress);

        /**
         * The last {@code lines} lines a process plugin's server wrote to stderr, redacted when kept,
         * oldest first; none when it never wrote any.
         */
        List<String> logs(String name, int lines);

        /** Re-hashes installed trees (one, or all when empty); a differing one is marked tampered. */
        List<PluginViews.Verified> verify(Optional<String> name);

        /** A fetched and checked plugin, not installed yet. */
        interface PreparedInstall extends AutoCloseable {
            PluginViews.Description description();

            /** The commit a git source named no commit or tag for was pinned to. */
            Optional<String> pinnedToCommit();

            /** Installs it, not enabled. */
            void install();

            /** Removes what was fetched, if it was not installed. */
            @Override
            void close();
        }

        /** What enabling a plugin would consent to. */
        interface EnableProposal {
            boolean alreadyEnabled();

            /** The version that would run. */
            PluginViews.Description description();

            /** For a waiting update: the active version and the changes, one line each. */
            Optional<PluginViews.Change> change();

            /**
             * Records the operator's consent and enables the plugin.
             *
             * @param how {@code prompt} or {@code --yes}, kept in the consent record
             */
            void consent(String how);
        }
    }

    /** The publisher keys plugin signatures are verified with. */
    interface Trust {
        /** @param level {@code official} or {@code community} */
        PluginViews.TrustedKey add(String publisher, Path keyFile, String level);

        List<PluginViews.TrustedKey> list();

        /** Removes one key of the publisher, or all of them when {@code fingerprint} is empty; how many. */
        int remove(String publisher, Optional<String> fingerprint);
    }

    /** API keys. */
    interface Keys {
        /**
         * Creates a key; its text is in the result, once.
         *
         * @param allowUnknownScopes accept scopes nothing installed names yet
         */
        KeyViews.Created create(
                String name,
                java.util.Set<String> scopes,
                Optional<java.time.Instant> expiresAt,
                boolean allowUnknownScopes);

        List<KeyViews.Key> list();

        /** False when no active key has that name. */
        boolean revoke(String name);
    }

    /** The secrets installed plugins declare ({@code requires_env} with {@code secret: true}). */
    interface Secrets {

        /** Every declared and every stored secret, with whether it is set and who declares it; no values. */
        List<SecretStatus> list();

        /**
         * Refuses, before any value is asked for, a secret the plugin does not declare.
         *
         * @throws OperatorException INVALID, naming the secrets it does declare
         */
        void requireDeclared(String plugin, String name);

        /**
         * Stores a value for a secret the plugin declares, recorded as {@code secret.set}. The value is
         * copied; the caller wipes its array.
         *
         * @throws OperatorException INVALID when the plugin does not declare that secret or the value
         *     is not acceptable
         */
        void set(String plugin, String name, char[] value);

        /** Removes a stored secret, recorded as {@code secret.removed}; false when none was stored. */
        boolean remove(String plugin, String name);

        /** The secrets the plugin declares that are not stored: it would run without them. */
        List<String> unset(String plugin);

        /** The longest value {@link #set} accepts, in characters. */
        int maxValueChars();
    }

    /** The audit log as the operator reads it. */
    interface AuditTrail {

        /** Hands each matching record to {@code each}, oldest first; returns how many matched. */
        long query(AuditQuery query, Consumer<AuditRecord> each);

        /** A reader from the log's first record that can be asked again for what was added since. */
        Cursor cursor();

        /**
         * Recomputes the chain, checks every checkpoint signature, and holds the log against its
         * witnesses: the home's own, the configured file witnesses and {@code witnessFiles}.
         *
         * @param publicKey the trusted checkpoint key (PEM); the one beside the log when empty
         */
        AuditVerification verify(Optional<Path> publicKey, List<Path> witnessFiles);

        /** {@link #verify} with the defaults, in one line: for {@code doctor} and {@code serve}. */
        AuditIntegrity integrity();

        /** When a call's record counts as recorded (audit.acknowledge), in words. */
        String acknowledgement();

        /** Reads on from where it stopped. */
        interface Cursor {
            /** Hands every record written since the last call (all of them, the first time) to {@code each}. */
            void next(Consumer<AuditRecord> each);
        }
    }

    /**
     * @param searchPath {@code PATH}, where bubblewrap is looked for
     * @param disk whether to time synced writes on the audit log's disk as well
     */
    record DoctorOptions(String searchPath, boolean disk) {}
}
