package dev.gatehouse.plugins.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.trust.TrustLevel;
import dev.gatehouse.plugins.testing.SigningKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStoreTest {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path tmp;

    TrustStore store() {
        return new TrustStore(tmp.resolve("trust"), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void addingAnSshKeyRecordsItWithTheFingerprintSshKeygenPrints() {
        var key = SigningKeys.sshEd25519(tmp, "acme");

        var added = store().add("acme", key.publicKey(), TrustLevel.OFFICIAL);

        assertThat(added.publisher()).isEqualTo("acme");
        assertThat(added.level()).isEqualTo(TrustLevel.OFFICIAL);
        assertThat(added.fingerprint()).isEqualTo(key.fingerprint()).startsWith("SHA256:");
        assertThat(added.added()).isEqualTo(NOW);
        assertThat(store().list()).containsExactly(added);
    }

    @Test
    void aPemKeyGetsTheSameFingerprintAsTheSameKeyInOpenSshForm() throws IOException {
        var key = SigningKeys.sshEd25519(tmp, "acme");
        // The same 32 key bytes, wrapped as the JDK would write them (RFC 8410 SubjectPublicKeyInfo).
        var blob = Base64.getDecoder().decode(Files.readString(key.publicKey()).split(" ")[1]);
        var raw = Arrays.copyOfRange(blob, blob.length - 32, blob.length);
        var spki = new byte[44];
        System.arraycopy(HexFormat.of().parseHex("302a300506032b6570032100"), 0, spki, 0, 12);
        System.arraycopy(raw, 0, spki, 12, 32);
        var pem = Files.writeString(tmp.resolve("acme.pem"), SigningKeys.pem("PUBLIC KEY", spki));

        var added = store().add("acme", pem, TrustLevel.COMMUNITY);

        assertThat(added.fingerprint()).isEqualTo(key.fingerprint());
    }

    @Test
    void aJdkPemKeyIsAccepted() {
        var key = SigningKeys.jdkEd25519(tmp, "acme");

        var added = store().add("acme", key.publicKeyPem(), TrustLevel.COMMUNITY);

        assertThat(added.key().getEncoded()).isEqualTo(key.keyPair().getPublic().getEncoded());
        assertThat(added.fingerprint())
                .isEqualTo(Ed25519Keys.fingerprint(key.keyPair().getPublic()));
    }

    @Test
    void aJdkKeysFingerprintIsWhatSshKeygenPrintsForTheSameKey() throws IOException {
        var key = SigningKeys.jdkEd25519(tmp, "acme");
        var added = store().add("acme", key.publicKeyPem(), TrustLevel.COMMUNITY);
        var asOpenSsh = Files.writeString(tmp.resolve("acme.pub"), Ed25519Keys.sshLine(added.key()) + " acme\n");

        assertThat(added.fingerprint()).isEqualTo(SigningKeys.sshKeygenFingerprint(asOpenSsh));
    }

    @Test
    void addRefusesAnRsaSshKeyNamingItsType() {
        var rsa = SigningKeys.ssh(tmp, "old", "rsa");

        assertThatThrownBy(() -> store().add("acme", rsa.publicKey(), TrustLevel.OFFICIAL))
                .isInstanceOfSatisfying(TrustStoreException.class, e -> assertThat(e.reason())
                        .isEqualTo(TrustStoreException.Reason.UNSUPPORTED_KEY_TYPE))
                .hasMessageContaining("ssh-rsa")
                .hasMessageContaining("only ssh-ed25519");
        assertThat(store().list()).isEmpty();
    }

    @Test
    void addRefusesAnEcdsaSshKey() {
        var ecdsa = SigningKeys.ssh(tmp, "ec", "ecdsa");

        assertThatThrownBy(() -> store().add("acme", ecdsa.publicKey(), TrustLevel.OFFICIAL))
                .isInstanceOfSatisfying(TrustStoreException.class, e -> assertThat(e.reason())
                        .isEqualTo(TrustStoreException.Reason.UNSUPPORTED_KEY_TYPE));
    }

    @Test
    void addRefusesAnRsaPemKeyNamingItsAlgorithm() throws Exception {
        var rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic();
        var pem = Files.writeString(tmp.resolve("rsa.pem"), SigningKeys.pem("PUBLIC KEY", rsa.getEncoded()));

        assertThatThrownBy(() -> store().add("acme", pem, TrustLevel.OFFICIAL))
                .isInstanceOfSatisfying(TrustStoreException.class, e -> assertThat(e.reason())
                        .isEqualTo(TrustStoreException.Reason.UNSUPPORTED_KEY_TYPE))
                .hasMessageContaining("RSA");
    }

    @Test
    void addRefusesAPrivateKeyWithoutEchoingIt() throws IOException {
        var key = SigningKeys.sshEd25519(tmp, "acme");
        var secret = Files.readString(key.privateKey());

        assertThatThrownBy(() -> store().add("acme", key.privateKey(), TrustLevel.OFFICIAL))
                .isInstanceOfSatisfying(TrustStoreException.class, e -> assertThat(e.reason())
                        .isEqualTo(TrustStoreException.Reason.MALFORMED_KEY))
                .hasMessageContaining("private key")
                .message()
                .doesNotContain(secret.lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void addRefusesGarbageAndTamperedKeyFiles() throws IOException {
        var garbage = Files.writeString(tmp.resolve("garbage"), "hello world\n");
        var badBase64 = Files.writeString(tmp.resolve("bad64"), "ssh-ed25519 !!!notbase64 x\n");
        var shortBlob = Files.writeString(
                tmp.resolve("short"),
                "ssh-ed25519 " + Base64.getEncoder().encodeToString("ssh-ed25519".getBytes(StandardCharsets.UTF_8)));
        var empty = Files.writeString(tmp.resolve("empty"), "");
        var twoKeys = Files.writeString(
                tmp.resolve("two"),
                Files.readString(SigningKeys.sshEd25519(tmp, "a").publicKey())
                        + Files.readString(SigningKeys.sshEd25519(tmp, "b").publicKey()));

        var notOnTheCurve = Files.writeString(
                tmp.resolve("point"),
                "ssh-ed25519 "
                        + Base64.getEncoder()
                                .encodeToString(new WireWriter()
                                        .string("ssh-ed25519")
                                        .string(HexFormat.of().parseHex("ff".repeat(32)))
                                        .toByteArray()));

        for (var file : new Path[] {garbage, badBase64, shortBlob, empty, twoKeys, notOnTheCurve}) {
            assertThatThrownBy(() -> store().add("acme", file, TrustLevel.OFFICIAL))
                    .as(file.getFileName().toString())
                    .isInstanceOfSatisfying(TrustStoreException.class, e -> assertThat(e.reason())
                            .isEqualTo(TrustStoreException.Reason.MALFORMED_KEY));
        }
    }

    @Test
    void addRefusesInvalidPublisherNamesAndTheUnknownLevel() {
        var key = SigningKeys.sshEd25519(tmp, "acme");

        for (var name : new String[] {"", "Acme", "-acme", "acme corp", "a".repeat(65), "acme/../x", "acme\n"}) {
            assertThatThrownBy(() -> store().add(name, key.publicKey(), TrustLevel.OFFICIAL))
                    .as(name)
                    .isInstanceOfSatisfying(TrustStoreException.class, e -> assertThat(e.reason())
                            .isEqualTo(TrustStoreException.Reason.INVALID_PUBLISHER));
        }
        assertThatThrownBy(() -> store().add("acme", key.publicKey(), TrustLevel.UNKNOWN))
                .isInstanceOfSatisfying(TrustStoreException.class, e -> assertThat(e.reason())
                        .isEqualTo(TrustStoreException.Reason.INVALID_LEVEL));
        assertThat(store().add("a".repeat(64), key.publicKey(), TrustLevel.OFFICIAL))
                .isNotNull();
    }

    @Test
    void addingTheSameKeyAgainUpdatesItsLevel() {
        var key = SigningKeys.sshEd25519(tmp, "acme");
        store().add("acme", key.publicKey(), TrustLevel.COMMUNITY);

        var updated = store().add("acme", key.publicKey(), TrustLevel.OFFICIAL);

        assertThat(updated.level()).isEqualTo(TrustLevel.OFFICIAL);
        assertThat(store().keysOf("acme")).singleElement().isEqualTo(updated);
    }

    @Test
    void oneKeyCannotBelongToTwoPublishers() {
        var key = SigningKeys.sshEd25519(tmp, "acme");
        store().add("acme", key.publicKey(), TrustLevel.OFFICIAL);

        assertThatThrownBy(() -> store().add("squatter", key.publicKey(), TrustLevel.COMMUNITY))
                .isInstanceOfSatisfying(TrustStoreException.class, e -> assertThat(e.reason())
                        .isEqualTo(TrustStoreException.Reason.KEY_OF_OTHER_PUBLISHER))
                .hasMessageContaining("acme");
        assertThat(store().keysOf("squatter")).isEmpty();
    }

    @Test
    void listGroupsByPublisherAndKeysOfSelectsOne() {
        var store = store();
        var b1 = store.add("beta", SigningKeys.sshEd25519(tmp, "b1").publicKey(), TrustLevel.COMMUNITY);
        var a1 = store.add("acme", SigningKeys.jdkEd25519(tmp, "a1").publicKeyPem(), TrustLevel.OFFICIAL);
        var b2 = store.add("beta", SigningKeys.sshEd25519(tmp, "b2").publicKey(), TrustLevel.OFFICIAL);

        assertThat(store.list()).containsExactly(a1, b1, b2);
        assertThat(store.keysOf("beta")).containsExactly(b1, b2);
        assertThat(store.keysOf("nobody")).isEmpty();
        assertThat(store.keysOf("Not A Name")).isEmpty();
    }

    @Test
    void removeDropsAllOfAPublishersKeysOrOneByFingerprint() {
        var store = store();
        var b1 = store.add("beta", SigningKeys.sshEd25519(tmp, "b1").publicKey(), TrustLevel.COMMUNITY);
        var b2 = store.add("beta", SigningKeys.sshEd25519(tmp, "b2").publicKey(), TrustLevel.COMMUNITY);
        var a1 = store.add("acme", SigningKeys.sshEd25519(tmp, "a1").publicKey(), TrustLevel.OFFICIAL);

        assertThat(store.remove("acme", b1.fingerprint())).isFalse();
        assertThat(store.remove("beta", b1.fingerprint())).isTrue();
        assertThat(store.remove("beta", b1.fingerprint())).isFalse();
        assertThat(store.list()).containsExactly(a1, b2);

        assertThat(store.remove("acme")).isEqualTo(1);
        assertThat(store.remove("acme")).isZero();
        assertThat(store().list()).containsExactly(b2);
    }

    @Test
    void keysPersistAcrossInstances() {
        var added = store().add("acme", SigningKeys.sshEd25519(tmp, "acme").publicKey(), TrustLevel.OFFICIAL);

        var reopened = new TrustStore(tmp.resolve("trust"));

        assertThat(reopened.list()).containsExactly(added);
    }

    @Test
    void storeFileIsOwnerOnlyAndLeavesNoTempFiles() throws IOException {
        store().add("acme", SigningKeys.sshEd25519(tmp, "acme").publicKey(), TrustLevel.OFFICIAL);
        store().add("beta", SigningKeys.sshEd25519(tmp, "beta").publicKey(), TrustLevel.OFFICIAL);

        var dir = tmp.resolve("trust");
        var file = dir.resolve(TrustStoreFile.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        try (var entries = Files.list(dir)) {
            assertThat(entries).containsExactly(file);
        }
    }

    @Test
    void aMissingStoreIsEmpty() {
        assertThat(store().list()).isEmpty();
        assertThat(Files.exists(tmp.resolve("trust"))).isFalse();
    }

    @Test
    void aCorruptStoreIsAnErrorNeverAnEmptyStore() throws IOException {
        var store = store();
        var added = store.add("acme", SigningKeys.sshEd25519(tmp, "acme").publicKey(), TrustLevel.OFFICIAL);
        var file = tmp.resolve("trust").resolve(TrustStoreFile.FILE_NAME);
        var good = Files.readString(file);

        var corruptions = new String[] {
            "",
            "not json",
            good.substring(0, good.length() / 2),
            "{\"version\":1}",
            "{\"version\":2,\"keys\":[]}",
            good.replace("\"keys\"", "\"extra\":1,\"keys\""),
            good.replace("\"official\"", "\"unknown\""),
            good.replace("\"acme\"", "\"Acme Corp\""),
            good.replace(added.fingerprint(), "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
            good.replace("\"2025-06-01T12:00:00Z\"", "\"yesterday\""),
            good + good,
        };
        for (var corrupt : corruptions) {
            Files.writeString(file, corrupt);
            assertThatThrownBy(store::list).as(corrupt).isInstanceOfSatisfying(TrustStoreException.class, e -> {
                assertThat(e.reason()).isEqualTo(TrustStoreException.Reason.CORRUPT_STORE);
                assertThat(e.path()).contains(file);
            });
        }
        // A corrupt store also refuses changes rather than overwriting what it could not read.
        assertThatThrownBy(() ->
                        store.add("beta", SigningKeys.sshEd25519(tmp, "beta").publicKey(), TrustLevel.OFFICIAL))
                .isInstanceOf(TrustStoreException.class);
        assertThat(Files.readString(file)).isEqualTo(good + good);
    }

    @Test
    void aStoreWritableByOthersIsRefused() throws IOException {
        store().add("acme", SigningKeys.sshEd25519(tmp, "acme").publicKey(), TrustLevel.OFFICIAL);
        var file = tmp.resolve("trust").resolve(TrustStoreFile.FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThatThrownBy(() -> store().list())
                .isInstanceOfSatisfying(TrustStoreException.class, e -> assertThat(e.reason())
                        .isEqualTo(TrustStoreException.Reason.INSECURE_STORE));
    }
}
