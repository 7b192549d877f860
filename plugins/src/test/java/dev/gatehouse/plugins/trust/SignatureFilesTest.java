package dev.gatehouse.plugins.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.trust.TrustLevel;
import dev.gatehouse.plugins.testing.SigningKeys;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile {@code plugin.sig} files: every one must be refused as malformed, nothing else. */
class SignatureFilesTest {

    static final String DIGEST = SigningKeys.digestOf("the tree");

    @TempDir
    Path tmp;

    Path tree;
    SignatureVerifier verifier;
    SigningKeys.SshKey key;

    @BeforeEach
    void setUp() throws IOException {
        tree = Files.createDirectory(tmp.resolve("tree"));
        var store = new TrustStore(tmp.resolve("trust"));
        key = SigningKeys.sshEd25519(tmp, "acme");
        store.add("acme", key.publicKey(), TrustLevel.OFFICIAL);
        verifier = new SignatureVerifier(store);
    }

    static byte[] dearmor(String armored) {
        var body = armored.lines().filter(line -> !line.startsWith("-----")).reduce("", String::concat);
        return Base64.getDecoder().decode(body);
    }

    static String armor(byte[] blob) {
        var body = Base64.getMimeEncoder(70, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(blob);
        return SignatureFiles.ARMOR_BEGIN + "\n" + body + "\n" + SignatureFiles.ARMOR_END + "\n";
    }

    /** A valid, ssh-keygen-made SSHSIG blob over {@link #DIGEST}. */
    byte[] realBlob() throws IOException {
        return dearmor(Files.readString(key.sign(DIGEST, tree)));
    }

    void assertMalformed(String content) throws IOException {
        assertMalformed(content.getBytes(StandardCharsets.ISO_8859_1));
    }

    void assertMalformed(byte[] content) throws IOException {
        Files.write(tree.resolve("plugin.sig"), content);
        assertThatThrownBy(() -> verifier.verify(tree, DIGEST, Optional.of("acme")))
                .isInstanceOfSatisfying(ProvenanceException.class, e -> assertThat(e.reason())
                        .isEqualTo(ProvenanceException.Reason.MALFORMED_SIGNATURE));
    }

    @Test
    void theRealSignatureVerifiesSoTheMutationsBelowAreMeaningful() throws IOException {
        Files.writeString(tree.resolve("plugin.sig"), armor(realBlob()));

        assertThat(verifier.verify(tree, DIGEST, Optional.of("acme")).status()).isEqualTo(SignatureStatus.VERIFIED);
    }

    @Test
    void garbageIsMalformed() throws IOException {
        assertMalformed("");
        assertMalformed("\n");
        assertMalformed("this is not a signature\n");
        assertMalformed("line one\nline two\n");
        assertMalformed(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        assertMalformed("-----BEGIN PGP SIGNATURE-----\nabcd\n-----END PGP SIGNATURE-----\n");
    }

    @Test
    void badOrShortRawSignaturesAreMalformed() throws IOException {
        assertMalformed("!!!!not-base64!!!!\n");
        assertMalformed(Base64.getEncoder().encodeToString(new byte[63]) + "\n");
        assertMalformed(Base64.getEncoder().encodeToString(new byte[65]) + "\n");
        var sig = Base64.getEncoder().encodeToString(new byte[64]);
        assertMalformed(sig + "\n" + sig + "\n");
    }

    @Test
    void truncatedArmorIsMalformed() throws IOException {
        var armored = armor(realBlob());
        var lines = armored.lines().toList();

        assertMalformed(String.join("\n", lines.subList(0, lines.size() - 1)) + "\n");
        assertMalformed(lines.getFirst() + "\n" + lines.get(1) + "\n" + lines.getLast() + "\n");
        assertMalformed(lines.getFirst() + "\n" + lines.getLast() + "\n");
        assertMalformed(armored.substring(0, armored.length() / 2));
        assertMalformed(armored.replace("\n", "\n\n"));
        assertMalformed(armored + "trailing junk\n");
    }

    @Test
    void everyTruncationOfTheBlobIsMalformed() throws IOException {
        var blob = realBlob();
        for (int length = 0; length < blob.length; length++) {
            var truncated = Arrays.copyOf(blob, length);
            assertThatThrownBy(() -> SignatureFiles.parseSshBlob(truncated))
                    .as("blob cut to %d bytes", length)
                    .isInstanceOf(MalformedException.class);
        }
    }

    @Test
    void lengthFieldsPointingPastTheEndAreMalformed() throws IOException {
        var blob = realBlob();
        // Offset 10 is the public key's length field, right after "SSHSIG" and the version.
        for (int hostile : new int[] {0x7fffffff, 0xffffffff, 0x10000, blob.length}) {
            var copy = blob.clone();
            ByteBuffer.wrap(copy).putInt(10, hostile);
            assertMalformed(armor(copy));
        }
        // The last field is the signature blob; claim one byte more than there is.
        var copy = blob.clone();
        int signatureLengthAt = blob.length - 83 - 4;
        assertThat(ByteBuffer.wrap(blob).getInt(signatureLengthAt)).isEqualTo(83);
        ByteBuffer.wrap(copy).putInt(signatureLengthAt, 84);
        assertMalformed(armor(copy));
    }

    @Test
    void trailingBytesAfterTheBlobAreMalformed() throws IOException {
        var blob = realBlob();
        assertMalformed(armor(Arrays.copyOf(blob, blob.length + 1)));
    }

    @Test
    void anotherVersionOrMagicIsMalformed() throws IOException {
        var version2 = realBlob();
        ByteBuffer.wrap(version2).putInt(6, 2);
        assertMalformed(armor(version2));

        var badMagic = realBlob();
        badMagic[0] = 'X';
        assertMalformed(armor(badMagic));
    }

    @Test
    void anUnsupportedHashAlgorithmIsMalformed() throws IOException {
        var text = new String(realBlob(), StandardCharsets.ISO_8859_1).replace("sha512", "sha384");
        assertMalformed(armor(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void anRsaSshSignatureIsMalformedNamingTheKeyType() throws IOException {
        SigningKeys.ssh(tmp, "rsa", "rsa").sign(DIGEST, tree);

        assertThatThrownBy(() -> verifier.verify(tree, DIGEST, Optional.of("acme")))
                .isInstanceOfSatisfying(ProvenanceException.class, e -> assertThat(e.reason())
                        .isEqualTo(ProvenanceException.Reason.MALFORMED_SIGNATURE))
                .hasMessageContaining("ssh-rsa");
    }

    @Test
    void aHugeFileIsMalformedWithoutBeingParsed() throws IOException {
        var line = "A".repeat(76) + "\n";
        var huge = SignatureFiles.ARMOR_BEGIN + "\n" + line.repeat(300) + SignatureFiles.ARMOR_END + "\n";
        assertThat(huge.length()).isGreaterThan(SignatureFiles.MAX_BYTES);

        assertMalformed(huge);
        assertMalformed(new byte[1024 * 1024]);
    }

    @Test
    void aSymlinkOrDirectoryInPlaceOfTheSignatureIsMalformed() throws IOException {
        var elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        var real = key.sign(DIGEST, elsewhere);
        Files.createSymbolicLink(tree.resolve("plugin.sig"), real);

        assertThatThrownBy(() -> verifier.verify(tree, DIGEST, Optional.of("acme")))
                .satisfies(e -> assertThat(((ProvenanceException) e).reason())
                        .isEqualTo(ProvenanceException.Reason.MALFORMED_SIGNATURE));

        Files.delete(tree.resolve("plugin.sig"));
        Files.createDirectory(tree.resolve("plugin.sig"));
        assertThatThrownBy(() -> verifier.verify(tree, DIGEST, Optional.of("acme")))
                .satisfies(e -> assertThat(((ProvenanceException) e).reason())
                        .isEqualTo(ProvenanceException.Reason.MALFORMED_SIGNATURE));
    }

    @Test
    void crlfLineEndingsAreAccepted() throws IOException {
        Files.writeString(tree.resolve("plugin.sig"), armor(realBlob()).replace("\n", "\r\n"));

        assertThat(verifier.verify(tree, DIGEST, Optional.of("acme")).status()).isEqualTo(SignatureStatus.VERIFIED);
    }
}
