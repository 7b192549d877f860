package dev.gatehouse.plugins.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever bytes arrive, the parser answers with a signature or a MalformedException, nothing else. */
class SignatureFilesPropertyTest {

    /** A structurally valid SSHSIG blob (the key and signature bytes need not verify to be parsed). */
    static final byte[] TEMPLATE = new WireWriter()
            .raw("SSHSIG".getBytes(StandardCharsets.US_ASCII))
            .raw(new byte[] {0, 0, 0, 1})
            .string(new WireWriter()
                    .string("ssh-ed25519")
                    .string(Base64.getDecoder().decode("JBOwFLhOqRwwtW2sfbe1s0+PGv2J/qpr7l9ywEEsQd8="))
                    .toByteArray())
            .string("gatehouse-plugin")
            .string(new byte[0])
            .string("sha512")
            .string(new WireWriter().string("ssh-ed25519").string(new byte[64]).toByteArray())
            .toByteArray();

    @Property(tries = 2000)
    void arbitraryBytesNeverEscapeAsAnythingButMalformed(@ForAll byte[] content) {
        assertThat(parseOutcome(content)).isIn("parsed", "malformed");
    }

    @Property(tries = 2000)
    void mutatedBlobsNeverEscapeAsAnythingButMalformed(@ForAll("mutatedBlobs") byte[] blob) {
        var armored = SignatureFiles.ARMOR_BEGIN + "\n" + Base64.getEncoder().encodeToString(blob) + "\n"
                + SignatureFiles.ARMOR_END + "\n";
        assertThat(parseOutcome(armored.getBytes(StandardCharsets.US_ASCII))).isIn("parsed", "malformed");
    }

    @Property(tries = 1)
    void theTemplateItselfParses() {
        assertThat(parseOutcome(SignatureFilesTest.armor(TEMPLATE).getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("parsed");
    }

    @Provide
    Arbitrary<byte[]> mutatedBlobs() {
        var position = Arbitraries.integers().between(0, TEMPLATE.length - 1);
        var value = Arbitraries.bytes();
        return Arbitraries.entries(position, value)
                .list()
                .ofMinSize(1)
                .ofMaxSize(4)
                .map(changes -> {
                    var blob = Arrays.copyOf(TEMPLATE, TEMPLATE.length);
                    changes.forEach(change -> blob[change.getKey()] = change.getValue());
                    return blob;
                });
    }

    private static String parseOutcome(byte[] content) {
        try {
            SignatureFiles.parse(content);
            return "parsed";
        } catch (MalformedException e) {
            return "malformed";
        }
    }
}
