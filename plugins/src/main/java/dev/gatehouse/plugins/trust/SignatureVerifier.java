package dev.gatehouse.plugins.trust;

import dev.gatehouse.plugins.PluginLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Decides a plugin tree's provenance from its {@code plugin.sig}, the tree's content digest, the
 * publisher its manifest claims, and the operator's {@link TrustStore}.
 *
 * <p>The signed message is the UTF-8 digest string itself ({@code sha256:<64 hex>}, no newline).
 * Two formats are accepted: an OpenSSH signature made with {@code ssh-keygen -Y sign -n
 * gatehouse-plugin} by an ssh-ed25519 key, and one line of base64 holding a raw Ed25519 signature.
 */
public final class SignatureVerifier {

    /** The SSHSIG namespace a publisher signs under; a signature for any other purpose is not ours to accept. */
    static final String NAMESPACE = "gatehouse-plugin";

    private static final Pattern DIGEST = Pattern.compile("^sha256:[0-9a-f]{64}$");

    private final Supplier<List<PublisherKey>> trustedKeys;

    /** Reads {@code store} afresh at every {@link #verify}. */
    public SignatureVerifier(TrustStore store) {
        this.trustedKeys = Objects.requireNonNull(store, "store")::list;
    }

    /**
     * Verifies against keys the caller already read from the {@link TrustStore}, so a caller that
     * needs the keys for more than this verification reads the store once.
     */
    public SignatureVerifier(List<PublisherKey> trusted) {
        var keys = List.copyOf(Objects.requireNonNull(trusted, "trusted"));
        this.trustedKeys = () -> keys;
    }

    /**
     * The provenance of the tree at {@code treeRoot} whose content digest is {@code digest}.
     *
     * @param manifestPublisher the {@code publisher} its manifest names, if any (untrusted)
     * @return unsigned, verified, or unverifiable (signed by a key nobody trusts)
     * @throws ProvenanceException when the signature is malformed, does not hold for a publisher
     *     with trusted keys, or was made by a key trusted for a different publisher
     * @throws TrustStoreException when the trust store cannot be read; a broken store never
     *     downgrades a verified tree to unverifiable
     * @throws IllegalArgumentException when {@code digest} is not {@code sha256:<64 lowercase hex>}
     */
    public Provenance verify(Path treeRoot, String digest, Optional<String> manifestPublisher) {
        Objects.requireNonNull(treeRoot, "treeRoot");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(manifestPublisher, "manifestPublisher");
        if (!DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("not a tree digest (sha256:<64 lowercase hex>)");
        }
        var subject = new Subject(treeRoot, manifestPublisher);
        var content = readSignatureFile(subject);
        if (content.isEmpty()) {
            return Provenance.unsigned();
        }
        DetachedSignature signature;
        try {
            signature = SignatureFiles.parse(content.get());
        } catch (MalformedException e) {
            throw subject.refuse(
                    ProvenanceException.Reason.MALFORMED_SIGNATURE,
                    PluginLayout.SIGNATURE_FILE + " is malformed: " + e.getMessage(),
                    Optional.empty(),
                    e);
        }
        var message = digest.getBytes(StandardCharsets.UTF_8);
        var trusted = trustedKeys.get();
        var signer =
                switch (signature) {
                    case DetachedSignature.Ssh ssh -> sshSigner(ssh, message, trusted, subject);
                    case DetachedSignature.RawEd25519 raw -> rawSigner(raw, message, trusted);
                };
        if (signer.isPresent()) {
            return attribute(signer.get(), subject);
        }
        boolean claimedNameIsTrusted = manifestPublisher
                .map(name -> trusted.stream().anyMatch(k -> k.publisher().equals(name)))
                .orElse(false);
        if (claimedNameIsTrusted) {
            // The name has keys we know, yet none of them made this signature: the tree or the
            // signature changed after signing, or someone signs in that name with a key we never trusted.
            throw subject.refuse(
                    ProvenanceException.Reason.BAD_SIGNATURE,
                    PluginLayout.SIGNATURE_FILE + " does not verify with any key trusted for publisher "
                            + UntrustedText.quote(manifestPublisher.get()),
                    Optional.empty(),
                    null);
        }
        return Provenance.unverifiable();
    }

    /** An SSH signature names its key, so only that key is tried; it must also be made for our namespace. */
    private static Optional<PublisherKey> sshSigner(
            DetachedSignature.Ssh ssh, byte[] message, List<PublisherKey> trusted, Subject subject) {
        var fingerprint = Ed25519Keys.fingerprint(ssh.signer());
        var key = trusted.stream()
                .filter(k -> k.fingerprint().equals(fingerprint))
                .findFirst();
        if (key.isEmpty()) {
            return Optional.empty();
        }
        if (!ssh.namespace().equals(NAMESPACE)) {
            // A trusted key's signature made for another purpose (git commits, files) must not be
            // replayable as a plugin signature; this is what the namespace exists to prevent.
            throw subject.refuse(
                    ProvenanceException.Reason.BAD_SIGNATURE,
                    PluginLayout.SIGNATURE_FILE + " was made by trusted key " + fingerprint + " of publisher "
                            + key.get().publisher() + " for namespace " + UntrustedText.quote(ssh.namespace())
                            + ", not " + NAMESPACE,
                    key,
                    null);
        }
        boolean holds = Ed25519Keys.verify(key.get().key(), ssh.signedData(message), ssh.signature());
        return holds ? key : Optional.empty();
    }

    /** A raw signature names no key, so every trusted key is tried; at most one can match. */
    private static Optional<PublisherKey> rawSigner(
            DetachedSignature.RawEd25519 raw, byte[] message, List<PublisherKey> trusted) {
        return trusted.stream()
                .filter(k -> Ed25519Keys.verify(k.key(), message, raw.signature()))
                .findFirst();
    }

    private static Provenance attribute(PublisherKey signer, Subject subject) {
        if (subject.manifestPublisher().filter(signer.publisher()::equals).isPresent()) {
            return Provenance.verified(signer);
        }
        // A trusted publisher's key over a manifest claiming another name (or none) is how a squatter
        // would borrow a reputation, or how a publisher ships the wrong manifest; both must stop here.
        var claimed = subject.manifestPublisher()
                .map(name -> "names publisher " + UntrustedText.quote(name))
                .orElse("names no publisher");
        throw subject.refuse(
                ProvenanceException.Reason.WRONG_PUBLISHER,
                PluginLayout.SIGNATURE_FILE + " is signed by trusted publisher '" + signer.publisher() + "' (key "
                        + signer.fingerprint() + "), but the manifest " + claimed,
                Optional.of(signer),
                null);
    }

    private static Optional<byte[]> readSignatureFile(Subject subject) {
        var path = subject.treeRoot().resolve(PluginLayout.SIGNATURE_FILE);
        try {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                // No signature file is the ordinary unsigned case, not a failure.
                return Optional.empty();
            }
            if (!attributes.isRegularFile()) {
                throw malformed(subject, "is not a regular file");
            }
            if (attributes.size() > SignatureFiles.MAX_BYTES) {
                throw malformed(subject, "is larger than " + SignatureFiles.MAX_BYTES + " bytes");
            }
            try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                // Bounded again while reading: the size check above cannot stop a file that grows.
                var bytes = in.readNBytes(SignatureFiles.MAX_BYTES + 1);
                if (bytes.length > SignatureFiles.MAX_BYTES) {
                    throw malformed(subject, "is larger than " + SignatureFiles.MAX_BYTES + " bytes");
                }
                return Optional.of(bytes);
            }
        } catch (IOException e) {
            throw subject.refuse(
                    ProvenanceException.Reason.UNREADABLE_SIGNATURE,
                    "cannot read " + PluginLayout.SIGNATURE_FILE + ": "
                            + e.getClass().getSimpleName(),
                    Optional.empty(),
                    e);
        }
    }

    private static ProvenanceException malformed(Subject subject, String problem) {
        return subject.refuse(
                ProvenanceException.Reason.MALFORMED_SIGNATURE,
                PluginLayout.SIGNATURE_FILE + " " + problem,
                Optional.empty(),
                null);
    }

    /** The tree being judged, carried into every refusal. */
    private record Subject(Path treeRoot, Optional<String> manifestPublisher) {

        ProvenanceException refuse(
                ProvenanceException.Reason reason, String message, Optional<PublisherKey> signer, Throwable cause) {
            return new ProvenanceException(
                    reason,
                    message,
                    treeRoot,
                    manifestPublisher,
                    signer.map(PublisherKey::publisher),
                    signer.map(PublisherKey::fingerprint),
                    cause);
        }
    }
}
