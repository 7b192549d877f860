package dev.gatehouse.vault;

import static dev.gatehouse.vault.VaultFixture.reveal;
import static dev.gatehouse.vault.VaultFixture.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.vault.VaultFileFormat.StoredEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone edits, damages or swaps parts of the vault file, or brings the wrong key: every read
 * fails with a message naming the file, no value ever appears, and a refused write leaves the
 * file exactly as it was.
 */
class VaultTamperTest {

    static final String CRM_VALUE = "crm-canary-value-51c2";
    static final String MAIL_VALUE = "mail-canary-value-9e07";

    @TempDir
    Path tmp;

    VaultFixture fixture;
    byte[] original;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new VaultFixture(tmp.resolve("home"));
        try (var vault = fixture.open()) {
            vault.set("crm", "TOKEN", secret(CRM_VALUE));
            vault.set("mail", "TOKEN", secret(MAIL_VALUE));
        }
        original = Files.readAllBytes(fixture.vaultFile());
    }

    /** Writes the damaged bytes, then checks that read and write both refuse and nothing leaks. */
    void assertRefused(byte[] damaged, VaultException.Reason reason, String... messageParts) throws Exception {
        assertRefused(damaged, Optional.of(fixture.masterKey), reason, messageParts);
    }

    void assertRefused(byte[] damaged, Optional<String> key, VaultException.Reason reason, String... messageParts)
            throws Exception {
        Files.write(fixture.vaultFile(), damaged);
        Consumer<VaultException> expected = e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(fixture.vaultFile().toString()).contains(messageParts);
            assertThat(e.file()).contains(fixture.vaultFile());
            assertThat(e.toString()).doesNotContain(CRM_VALUE, MAIL_VALUE, fixture.masterKey);
        };
        try (var vault = fixture.open(key)) {
            assertThatThrownBy(() -> vault.get("crm", "TOKEN")).isInstanceOfSatisfying(VaultException.class, expected);
            assertThatThrownBy(() -> vault.set("crm", "NEW", secret("x")))
                    .isInstanceOfSatisfying(VaultException.class, expected);
            assertThatThrownBy(() -> vault.remove("mail", "TOKEN"))
                    .isInstanceOfSatisfying(VaultException.class, expected);
        }
        assertThat(Files.readAllBytes(fixture.vaultFile()))
                .as("no partial write")
                .isEqualTo(damaged);
    }

    static byte[] flip(byte[] bytes, int at) {
        var copy = bytes.clone();
        copy[at] ^= 0x01;
        return copy;
    }

    static int indexOf(byte[] bytes, String ascii) {
        var needle = ascii.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError(ascii + " not in file");
    }

    @Test
    void aWrongMasterKeyIsToldApartFromDamage() throws Exception {
        var other = Optional.of(VaultFixture.randomKeyHex());
        assertRefused(original, other, VaultException.Reason.WRONG_MASTER_KEY, "master key does not open");
    }

    @Test
    void aFlippedByteInTheMagicSaysItIsNoVaultFile() throws Exception {
        assertRefused(flip(original, 0), VaultException.Reason.CORRUPTED, "not a Gatehouse vault file");
    }

    @Test
    void aNewerFormatVersionIsRefusedRatherThanGuessed() throws Exception {
        var newer = original.clone();
        newer[9] = 2;
        assertRefused(newer, VaultException.Reason.UNSUPPORTED_VERSION, "format version 2");
    }

    @Test
    void aFlippedByteInTheSaltFailsTheIntegrityCheck() throws Exception {
        assertRefused(flip(original, 10 + 5), VaultException.Reason.CORRUPTED, "integrity check");
    }

    @Test
    void aFlippedByteInACiphertextFailsTheIntegrityCheck() throws Exception {
        int crmName = indexOf(original, "crm");
        // plugin "crm", name len + "TOKEN", nonce 12, length 4: then the ciphertext.
        int ciphertext = crmName + 3 + 1 + 5 + 12 + 4;
        assertRefused(flip(original, ciphertext + 2), VaultException.Reason.CORRUPTED, "integrity check");
    }

    @Test
    void aFlippedByteInTheMacFailsTheIntegrityCheck() throws Exception {
        assertRefused(flip(original, original.length - 1), VaultException.Reason.CORRUPTED, "integrity check");
    }

    @Test
    void truncationAnywhereIsRefused() throws Exception {
        assertRefused(new byte[0], VaultException.Reason.CORRUPTED, "truncated");
        assertRefused(Arrays.copyOf(original, 40), VaultException.Reason.CORRUPTED, "truncated");
        assertRefused(Arrays.copyOf(original, original.length - 1), VaultException.Reason.CORRUPTED, "integrity");
        assertRefused(Arrays.copyOf(original, original.length - 40), VaultException.Reason.CORRUPTED, "integrity");
    }

    @Test
    void renamingAnEntryInPlaceFailsTheIntegrityCheck() throws Exception {
        // "mail" -> "mall": someone tries to hand mail's token to another plugin without the key.
        var edited = original.clone();
        edited[indexOf(original, "mail") + 2] = 'l';
        assertRefused(edited, VaultException.Reason.CORRUPTED, "integrity check");
    }

    /**
     * An attacker strong enough to rebuild the file MAC (here: the test, which has the key) moves
     * mail's ciphertext under crm's name: the associated data still binds it to mail/TOKEN.
     */
    @Test
    void aCiphertextMovedToAnotherEntryFailsAuthenticationEvenWithAValidFileMac() throws Exception {
        var key = HexFormat.of().parseHex(fixture.masterKey);
        var opened = VaultFileFormat.decode(fixture.vaultFile(), original, key, new SecureRandom());
        var crm = new SecretEntry("crm", "TOKEN");
        var mail = new SecretEntry("mail", "TOKEN");
        StoredEntry mailEntry = opened.entries().stream()
                .filter(e -> e.address().equals(mail))
                .findFirst()
                .orElseThrow();
        var swapped = new ArrayList<StoredEntry>();
        swapped.add(new StoredEntry(crm, mailEntry.nonce(), mailEntry.ciphertext()));
        swapped.add(mailEntry);
        Files.write(fixture.vaultFile(), VaultFileFormat.encode(opened.salt(), opened.crypto(), swapped));

        try (var vault = fixture.open()) {
            assertThat(vault.list()).containsExactly(crm, mail);
            assertThatThrownBy(() -> vault.get("crm", "TOKEN")).isInstanceOfSatisfying(VaultException.class, e -> {
                assertThat(e.reason()).isEqualTo(VaultException.Reason.CORRUPTED);
                assertThat(e.getMessage())
                        .contains("crm/TOKEN", "fails authentication")
                        .doesNotContain(MAIL_VALUE);
            });
            assertThat(reveal(vault, "mail", "TOKEN")).isEqualTo(MAIL_VALUE);
        }
    }

    @Test
    void aFileFromAnotherVaultDoesNotOpenUnderThisKey() throws Exception {
        var stranger = new VaultFixture(tmp.resolve("other"));
        try (var vault = stranger.open()) {
            vault.set("crm", "TOKEN", secret("stranger"));
        }
        assertRefused(Files.readAllBytes(stranger.vaultFile()), VaultException.Reason.WRONG_MASTER_KEY, "master key");
    }
}
