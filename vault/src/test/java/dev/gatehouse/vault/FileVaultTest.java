package dev.gatehouse.vault;

import static dev.gatehouse.vault.VaultFixture.reveal;
import static dev.gatehouse.vault.VaultFixture.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileVaultTest {

    @TempDir
    Path tmp;

    VaultFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new VaultFixture(tmp.resolve("home"));
    }

    @Test
    void valuesRoundTripAndSurviveReopening() {
        try (var vault = fixture.open()) {
            vault.set("crm", "ACME_CRM_TOKEN", secret("tok-1"));
            vault.set("crm", "OTHER", secret("zwei ✓ 🔑"));
            vault.set("mail", "ACME_CRM_TOKEN", secret("mail-token"));
            assertThat(reveal(vault, "crm", "ACME_CRM_TOKEN")).isEqualTo("tok-1");
        }
        try (var vault = fixture.open()) {
            assertThat(reveal(vault, "crm", "ACME_CRM_TOKEN")).isEqualTo("tok-1");
            assertThat(reveal(vault, "crm", "OTHER")).isEqualTo("zwei ✓ 🔑");
            assertThat(reveal(vault, "mail", "ACME_CRM_TOKEN")).isEqualTo("mail-token");
            assertThat(vault.list())
                    .containsExactly(
                            new SecretEntry("crm", "ACME_CRM_TOKEN"),
                            new SecretEntry("crm", "OTHER"),
                            new SecretEntry("mail", "ACME_CRM_TOKEN"));
        }
    }

    @Test
    void setReplacesAndRemoveDeletesOnlyTheNamedEntry() {
        try (var vault = fixture.open()) {
            vault.set("crm", "TOKEN", secret("old"));
            vault.set("crm", "TOKEN", secret("new"));
            vault.set("crm", "KEEP", secret("kept"));
            assertThat(reveal(vault, "crm", "TOKEN")).isEqualTo("new");
            assertThat(vault.list()).hasSize(2);

            assertThat(vault.remove("crm", "TOKEN")).isTrue();
            assertThat(vault.remove("crm", "TOKEN")).isFalse();
            assertThat(vault.get("crm", "TOKEN")).isEmpty();
            assertThat(reveal(vault, "crm", "KEEP")).isEqualTo("kept");
        }
    }

    @Test
    void onePluginNeverSeesAnothersEntry() {
        try (var vault = fixture.open()) {
            vault.set("crm", "TOKEN", secret("crm-only"));
            assertThat(vault.get("mail", "TOKEN")).isEmpty();
            assertThat(vault.get(Vault.HOST_NAMESPACE, "TOKEN")).isEmpty();
            vault.set(Vault.HOST_NAMESPACE, "AUDIT_SIGNING_KEY", secret("host-key"));
            assertThat(vault.get("crm", "AUDIT_SIGNING_KEY")).isEmpty();
            assertThat(reveal(vault, Vault.HOST_NAMESPACE, "AUDIT_SIGNING_KEY")).isEqualTo("host-key");
        }
    }

    @Test
    void anEmptyHomeReadsAsAnEmptyVaultWithoutWritingAnything() {
        try (var vault = fixture.open(Optional.empty())) {
            assertThat(vault.list()).isEmpty();
            assertThat(vault.get("crm", "TOKEN")).isEmpty();
            assertThat(vault.remove("crm", "TOKEN")).isFalse();
        }
        assertThat(fixture.home).doesNotExist();
        assertThat(fixture.notices).isEmpty();
    }

    @Test
    void namesOutsideTheAllowedShapesAreRefusedBeforeAnythingIsStored() {
        try (var vault = fixture.open()) {
            for (var bad : List.of("lower", "1DIGIT", "WITH-DASH", "A".repeat(129), "", "../ETC")) {
                assertThatThrownBy(() -> vault.set("crm", bad, secret("v")))
                        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason())
                                .isEqualTo(VaultException.Reason.INVALID_NAME));
            }
            for (var bad : List.of("CRM", "c", "crm/../x", "crm plugin", "-crm")) {
                assertThatThrownBy(() -> vault.get(bad, "TOKEN"))
                        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason())
                                .isEqualTo(VaultException.Reason.INVALID_NAME));
            }
        }
        assertThat(fixture.vaultFile()).doesNotExist();
    }

    @Test
    void theVaultFileIsOwnerOnlyAndHoldsNoValueInClear() throws Exception {
        try (var vault = fixture.open()) {
            vault.set("crm", "TOKEN", secret("plain-canary-7f3a"));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fixture.vaultFile())))
                .isEqualTo("rw-------");
        var bytes = Files.readAllBytes(fixture.vaultFile());
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
                .doesNotContain("plain-canary-7f3a")
                .contains("TOKEN");
        try (var dir = Files.list(fixture.home)) {
            assertThat(dir.map(p -> p.getFileName().toString())).doesNotContain(Vaults.KEY_FILE);
            // No temp file is left behind by the atomic replace.
        }
        try (var dir = Files.list(fixture.home)) {
            assertThat(dir.filter(p -> p.getFileName().toString().contains(".tmp-")))
                    .isEmpty();
        }
    }

    @Test
    void aVaultFileOthersCanReadIsRefused() throws Exception {
        try (var vault = fixture.open()) {
            vault.set("crm", "TOKEN", secret("v"));
        }
        Files.setPosixFilePermissions(fixture.vaultFile(), PosixFilePermissions.fromString("rw-r--r--"));
        try (var vault = fixture.open()) {
            assertThatThrownBy(() -> vault.get("crm", "TOKEN")).isInstanceOfSatisfying(VaultException.class, e -> {
                assertThat(e.reason()).isEqualTo(VaultException.Reason.INSECURE_PERMISSIONS);
                assertThat(e.getMessage()).contains(fixture.vaultFile().toString(), "chmod 600");
            });
        }
    }

    @Test
    void withoutAnyKeyTheFirstWriteMakesAnOwnerOnlyKeyFileAndSaysSo() throws Exception {
        try (var vault = fixture.open(Optional.empty())) {
            vault.set("crm", "TOKEN", secret("from-key-file"));
            assertThat(vault.backend()).contains("key file " + fixture.home.resolve(Vaults.KEY_FILE));
        }
        var keyFile = fixture.home.resolve(Vaults.KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                .isEqualTo("rw-------");
        assertThat(fixture.notices)
                .singleElement()
                .asString()
                .contains("Created a new vault master key in " + keyFile)
                .contains("no GATEHOUSE_MASTER_KEY");
        assertThat(Base64.getDecoder().decode(Files.readString(keyFile).strip()))
                .hasSize(32);

        try (var vault = fixture.open(Optional.empty())) {
            assertThat(reveal(vault, "crm", "TOKEN")).isEqualTo("from-key-file");
        }
        assertThat(fixture.notices).hasSize(1);

        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r-----"));
        try (var vault = fixture.open(Optional.empty())) {
            assertThatThrownBy(() -> vault.get("crm", "TOKEN"))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.reason())
                            .isEqualTo(VaultException.Reason.INSECURE_PERMISSIONS));
        }
    }

    @Test
    void anExistingVaultWithoutItsKeyIsNeverGivenAFreshOne() throws Exception {
        try (var vault = fixture.open()) {
            vault.set("crm", "TOKEN", secret("v"));
        }
        var before = Files.readAllBytes(fixture.vaultFile());
        try (var vault = fixture.open(Optional.empty())) {
            assertThatThrownBy(() -> vault.set("crm", "OTHER", secret("w")))
                    .isInstanceOfSatisfying(VaultException.class, e -> {
                        assertThat(e.reason()).isEqualTo(VaultException.Reason.NO_MASTER_KEY);
                        assertThat(e.getMessage())
                                .contains(fixture.vaultFile().toString())
                                .contains("GATEHOUSE_MASTER_KEY");
                    });
        }
        assertThat(fixture.home.resolve(Vaults.KEY_FILE)).doesNotExist();
        assertThat(Files.readAllBytes(fixture.vaultFile())).isEqualTo(before);
    }

    @Test
    void theMasterKeyIsReadAsHexOrBase64AndAMalformedOneIsNotEchoed() {
        var hex = fixture.masterKey;
        var base64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
        var base64Url = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(HexFormat.of().parseHex(hex));
        try (var vault = fixture.open(Optional.of(hex))) {
            vault.set("crm", "TOKEN", secret("same-key"));
        }
        for (var spelling : List.of(base64, base64Url, hex.toUpperCase(java.util.Locale.ROOT), " " + hex + "\n")) {
            try (var vault = fixture.open(Optional.of(spelling))) {
                assertThat(reveal(vault, "crm", "TOKEN")).isEqualTo("same-key");
            }
        }
        var tooShort = hex.substring(0, 62);
        try (var vault = fixture.open(Optional.of(tooShort))) {
            assertThatThrownBy(() -> vault.get("crm", "TOKEN")).isInstanceOfSatisfying(VaultException.class, e -> {
                assertThat(e.reason()).isEqualTo(VaultException.Reason.WRONG_MASTER_KEY);
                assertThat(e.getMessage())
                        .contains("GATEHOUSE_MASTER_KEY")
                        .contains("64 hex digits")
                        .doesNotContain(tooShort);
            });
        }
    }

    @Test
    void backendSaysWhereTheKeyComesFrom() {
        try (var vault = fixture.open()) {
            assertThat(vault.backend())
                    .contains("encrypted file " + fixture.vaultFile())
                    .contains("master key from GATEHOUSE_MASTER_KEY")
                    .contains("vault.backend is file")
                    .doesNotContain(fixture.masterKey);
        }
    }
}
