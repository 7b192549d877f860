package dev.gatehouse.plugins.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.trust.TrustLevel;
import dev.gatehouse.plugins.testing.SigningKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignatureVerifierTest {

    static final String DIGEST = SigningKeys.digestOf("the tree");

    @TempDir
    Path tmp;

    Path keys;
    Path tree;
    TrustStore store;
    SignatureVerifier verifier;

    @BeforeEach
    void setUp() throws IOException {
        keys = Files.createDirectory(tmp.resolve("keys"));
        tree = Files.createDirectory(tmp.resolve("tree"));
        store = new TrustStore(tmp.resolve("trust"));
        verifier = new SignatureVerifier(store);
    }

    Provenance verify(String publisher) {
        return verifier.verify(tree, DIGEST, Optional.of(publisher));
    }

    static ProvenanceException.Reason reasonOf(Throwable e) {
        return ((ProvenanceException) e).reason();
    }

    @Test
    void aTreeWithoutSignatureIsUnsigned() {
        assertThat(verify("acme"))
                .isEqualTo(new Provenance(
                        SignatureStatus.UNSIGNED, TrustLevel.UNKNOWN, Optional.empty(), Optional.empty()));
    }

    @Test
    void anSshSignatureByTheManifestPublishersKeyIsVerified() {
        var key = SigningKeys.sshEd25519(keys, "acme");
        store.add("acme", key.publicKey(), TrustLevel.OFFICIAL);
        key.sign(DIGEST, tree);

        assertThat(verify("acme"))
                .isEqualTo(new Provenance(
                        SignatureStatus.VERIFIED,
                        TrustLevel.OFFICIAL,
                        Optional.of("acme"),
                        Optional.of(key.fingerprint())));
    }

    @Test
    void anSshSignatureHashedWithSha256IsVerified() {
        var key = SigningKeys.sshEd25519(keys, "acme");
        store.add("acme", key.publicKey(), TrustLevel.COMMUNITY);
        key.sign(DIGEST, tree, SigningKeys.NAMESPACE, "sha256");

        var provenance = verify("acme");

        assertThat(provenance.status()).isEqualTo(SignatureStatus.VERIFIED);
        assertThat(provenance.level()).isEqualTo(TrustLevel.COMMUNITY);
    }

    @Test
    void aRawJdkSignatureByTheManifestPublishersKeyIsVerified() {
        var other = SigningKeys.jdkEd25519(keys, "other");
        store.add("other", other.publicKeyPem(), TrustLevel.OFFICIAL);
        var key = SigningKeys.jdkEd25519(keys, "acme");
        var trusted = store.add("acme", key.publicKeyPem(), TrustLevel.COMMUNITY);
        key.sign(DIGEST, tree);

        assertThat(verify("acme"))
                .isEqualTo(new Provenance(
                        SignatureStatus.VERIFIED,
                        TrustLevel.COMMUNITY,
                        Optional.of("acme"),
                        Optional.of(trusted.fingerprint())));
    }

    @Test
    void aForgedSshSignatureIsBad() throws IOException {
        var key = SigningKeys.sshEd25519(keys, "acme");
        store.add("acme", key.publicKey(), TrustLevel.OFFICIAL);
        var sig = key.sign(DIGEST, tree);
        var blob = SignatureFilesTest.dearmor(Files.readString(sig));
        blob[blob.length - 10] ^= 0x01; // inside the 64 signature bytes, which end the blob
        Files.writeString(sig, SignatureFilesTest.armor(blob));

        assertThatThrownBy(() -> verify("acme"))
                .isInstanceOf(ProvenanceException.class)
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(ProvenanceException.Reason.BAD_SIGNATURE));
    }

    @Test
    void aForgedRawSignatureIsBad() throws IOException {
        var key = SigningKeys.jdkEd25519(keys, "acme");
        store.add("acme", key.publicKeyPem(), TrustLevel.OFFICIAL);
        var signature = key.signature(DIGEST);
        signature[3] ^= 0x40;
        Files.writeString(tree.resolve("plugin.sig"), Base64.getEncoder().encodeToString(signature));

        assertThatThrownBy(() -> verify("acme"))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(ProvenanceException.Reason.BAD_SIGNATURE));
    }

    @Test
    void aSignatureOverAnotherDigestIsBad() {
        var ssh = SigningKeys.sshEd25519(keys, "acme");
        var jdk = SigningKeys.jdkEd25519(keys, "acme-ci");
        store.add("acme", ssh.publicKey(), TrustLevel.OFFICIAL);
        store.add("acme", jdk.publicKeyPem(), TrustLevel.OFFICIAL);
        var otherDigest = SigningKeys.digestOf("an older tree");

        ssh.sign(otherDigest, tree);
        assertThatThrownBy(() -> verify("acme"))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(ProvenanceException.Reason.BAD_SIGNATURE));

        jdk.sign(otherDigest, tree);
        assertThatThrownBy(() -> verify("acme"))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(ProvenanceException.Reason.BAD_SIGNATURE));
    }

    @Test
    void aTrustedKeysSignatureForAnotherNamespaceIsBad() {
        var key = SigningKeys.sshEd25519(keys, "acme");
        store.add("acme", key.publicKey(), TrustLevel.OFFICIAL);
        key.sign(DIGEST, tree, "other", "sha512");

        assertThatThrownBy(() -> verify("acme"))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(ProvenanceException.Reason.BAD_SIGNATURE))
                .hasMessageContaining("'other'")
                .hasMessageContaining("gatehouse-plugin");
    }

    @Test
    void aTrustedKeySigningUnderAnotherPublishersNameIsRefusedNamingBoth() {
        var squatterKey = SigningKeys.sshEd25519(keys, "squatter");
        var trusted = store.add("squatter", squatterKey.publicKey(), TrustLevel.COMMUNITY);
        squatterKey.sign(DIGEST, tree);

        assertThatThrownBy(() -> verify("acme"))
                .isInstanceOfSatisfying(ProvenanceException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProvenanceException.Reason.WRONG_PUBLISHER);
                    assertThat(e.manifestPublisher()).contains("acme");
                    assertThat(e.signerPublisher()).contains("squatter");
                    assertThat(e.signerFingerprint()).contains(trusted.fingerprint());
                    assertThat(e.treeRoot()).isEqualTo(tree);
                })
                .hasMessageContaining("'acme'")
                .hasMessageContaining("'squatter'");
    }

    @Test
    void aRawSignatureByAnotherPublishersKeyIsRefused() {
        var key = SigningKeys.jdkEd25519(keys, "beta");
        store.add("beta", key.publicKeyPem(), TrustLevel.OFFICIAL);
        key.sign(DIGEST, tree);

        assertThatThrownBy(() -> verify("acme"))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(ProvenanceException.Reason.WRONG_PUBLISHER));
    }

    @Test
    void aTrustedSignatureOnAManifestWithoutPublisherIsRefused() {
        var key = SigningKeys.sshEd25519(keys, "acme");
        store.add("acme", key.publicKey(), TrustLevel.OFFICIAL);
        key.sign(DIGEST, tree);

        assertThatThrownBy(() -> verifier.verify(tree, DIGEST, Optional.empty()))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(ProvenanceException.Reason.WRONG_PUBLISHER))
                .hasMessageContaining("names no publisher");
    }

    @Test
    void aSignatureByAnUnknownKeyForAnUnknownPublisherIsUnverifiable() {
        store.add("beta", SigningKeys.sshEd25519(keys, "beta").publicKey(), TrustLevel.OFFICIAL);
        SigningKeys.sshEd25519(keys, "stranger").sign(DIGEST, tree);

        assertThat(verify("stranger"))
                .isEqualTo(new Provenance(
                        SignatureStatus.UNVERIFIABLE, TrustLevel.UNKNOWN, Optional.empty(), Optional.empty()));

        SigningKeys.jdkEd25519(keys, "stranger").sign(DIGEST, tree);
        assertThat(verify("stranger").status()).isEqualTo(SignatureStatus.UNVERIFIABLE);
        assertThat(verifier.verify(tree, DIGEST, Optional.empty()).status()).isEqualTo(SignatureStatus.UNVERIFIABLE);
    }

    @Test
    void aSignatureByAnUnknownKeyInATrustedPublishersNameIsBad() {
        store.add("acme", SigningKeys.sshEd25519(keys, "acme").publicKey(), TrustLevel.OFFICIAL);
        SigningKeys.sshEd25519(keys, "impostor").sign(DIGEST, tree);

        assertThatThrownBy(() -> verify("acme"))
                .isInstanceOfSatisfying(ProvenanceException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProvenanceException.Reason.BAD_SIGNATURE);
                    assertThat(e.signerPublisher()).isEmpty();
                })
                .hasMessageContaining("'acme'");

        SigningKeys.jdkEd25519(keys, "impostor").sign(DIGEST, tree);
        assertThatThrownBy(() -> verify("acme"))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(ProvenanceException.Reason.BAD_SIGNATURE));
    }

    @Test
    void removingAPublishersKeyTurnsItsSignaturesUnverifiable() {
        var key = SigningKeys.sshEd25519(keys, "acme");
        var trusted = store.add("acme", key.publicKey(), TrustLevel.OFFICIAL);
        key.sign(DIGEST, tree);
        assertThat(verify("acme").status()).isEqualTo(SignatureStatus.VERIFIED);

        store.remove("acme", trusted.fingerprint());

        assertThat(verify("acme").status()).isEqualTo(SignatureStatus.UNVERIFIABLE);
    }

    @Test
    void anUntrustedPublisherNameIsEchoedSafely() {
        store.add("beta", SigningKeys.sshEd25519(keys, "beta").publicKey(), TrustLevel.OFFICIAL);
        var key = SigningKeys.sshEd25519(keys, "b2");
        store.add("beta", key.publicKey(), TrustLevel.OFFICIAL);
        key.sign(DIGEST, tree);

        assertThatThrownBy(() -> verify("acme\u001b[2J\nforged line"))
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(ProvenanceException.Reason.WRONG_PUBLISHER))
                .message()
                .doesNotContain("\u001b")
                .doesNotContain("\n")
                .contains("acme\\u001b[2J\\u000aforged line");
    }

    @Test
    void aDigestThatIsNotATreeDigestIsAProgrammingError() {
        assertThatThrownBy(() -> verifier.verify(tree, "sha256:ABC", Optional.of("acme")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
