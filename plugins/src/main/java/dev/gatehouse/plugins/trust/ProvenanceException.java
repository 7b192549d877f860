package dev.gatehouse.plugins.trust;

import dev.gatehouse.plugins.PluginException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A plugin tree refused because of its signature. The message is for the operator; it names
 * publishers and key fingerprints, never key material or file contents.
 */
public final class ProvenanceException extends PluginException {

    /** Why the tree was refused. */
    public enum Reason {
        /** {@code plugin.sig} is not a signature in a supported format, or is not a plain file. */
        MALFORMED_SIGNATURE,
        /** {@code plugin.sig} exists but could not be read. */
        UNREADABLE_SIGNATURE,
        /**
         * The signature does not hold: it verifies with no key trusted for the manifest's publisher
         * although that publisher has trusted keys, or a trusted key signed it for another purpose.
         */
        BAD_SIGNATURE,
        /** A key trusted for one publisher signed a tree whose manifest names another. */
        WRONG_PUBLISHER
    }

    private final Reason reason;
    private final Path treeRoot;
    private final Optional<String> manifestPublisher;
    private final Optional<String> signerPublisher;
    private final Optional<String> signerFingerprint;

    ProvenanceException(
            Reason reason,
            String message,
            Path treeRoot,
            Optional<String> manifestPublisher,
            Optional<String> signerPublisher,
            Optional<String> signerFingerprint,
            Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.treeRoot = Objects.requireNonNull(treeRoot, "treeRoot");
        this.manifestPublisher = Objects.requireNonNull(manifestPublisher, "manifestPublisher");
        this.signerPublisher = Objects.requireNonNull(signerPublisher, "signerPublisher");
        this.signerFingerprint = Objects.requireNonNull(signerFingerprint, "signerFingerprint");
    }

    public Reason reason() {
        return reason;
    }

    /** The plugin tree whose signature was refused. */
    public Path treeRoot() {
        return treeRoot;
    }

    /** The publisher the manifest claims, as given (untrusted text). */
    public Optional<String> manifestPublisher() {
        return manifestPublisher;
    }

    /** The publisher whose trusted key made the signature, when one did. */
    public Optional<String> signerPublisher() {
        return signerPublisher;
    }

    /** The fingerprint of the trusted key that made or was claimed to make the signature, when known. */
    public Optional<String> signerFingerprint() {
        return signerFingerprint;
    }
}
