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
