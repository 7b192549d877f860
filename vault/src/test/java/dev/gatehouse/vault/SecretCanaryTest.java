package dev.gatehouse.vault;

import static dev.gatehouse.vault.VaultFixture.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A planted value never shows in list output, toString, exceptions or the operator notices. */
class SecretCanaryTest {

    static final String CANARY = "vault-canary-d41d8cd98f00b204";

    @TempDir
    Path tmp;

    @Test
    void theCanaryNeverAppearsOutsideGet() throws Exception {
        var fixture = new VaultFixture(tmp.resolve("home"));
        var seen = new ArrayList<String>();
        try (var vault = fixture.open(java.util.Optional.empty())) {
            var value = secret(CANARY);
            seen.add(value.toString());
            seen.add(String.valueOf(value));
            vault.set("crm", "TOKEN", value);
            vault.list().forEach(e -> seen.add(e.toString()));
            seen.add(vault.list().toString());
            seen.add(vault.backend());
            seen.add(vault.toString());
            var got = vault.get("crm", "TOKEN").orElseThrow();
            seen.add(got.toString());
            seen.add(List.of(got).toString());
            assertThat(got.reveal()).isEqualTo(CANARY);
            got.wipe();
            assertThatThrownBy(got::reveal).isInstanceOf(IllegalStateException.class);
            assertThat(got.isWiped()).isTrue();
        }
        seen.addAll(fixture.notices);

        // Every failure path: wrong key, corrupted entry, bad names.
        try (var vault = fixture.open(java.util.Optional.of(VaultFixture.randomKeyHex()))) {
            collectFailure(seen, () -> vault.get("crm", "TOKEN"));
        }
        var bytes = Files.readAllBytes(fixture.vaultFile());
        bytes[bytes.length - 5] ^= 1;
        Files.write(fixture.vaultFile(), bytes);
        try (var vault = fixture.open(java.util.Optional.empty())) {
            collectFailure(seen, () -> vault.get("crm", "TOKEN"));
            collectFailure(seen, () -> vault.set("crm", "lower", secret(CANARY)));
            collectFailure(seen, () -> vault.set(CANARY, "TOKEN", secret(CANARY)));
        }

        assertThat(seen).hasSizeGreaterThan(10).allSatisfy(text -> assertThat(text)
                .doesNotContain(CANARY));
    }

    @Test
    void aSecretValueRefusesEmptyAndOversizedInputAndCopiesWhatItIsGiven() {
        assertThatThrownBy(() -> SecretValue.copyOf(new char[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretValue.copyOf(new char[SecretValue.MAX_CHARS + 1]))
                .isInstanceOf(IllegalArgumentException.class);
        var chars = CANARY.toCharArray();
        try (var value = SecretValue.copyOf(chars)) {
            java.util.Arrays.fill(chars, 'x');
            assertThat(value.reveal()).isEqualTo(CANARY);
            var copy = value.chars();
            copy[0] = 'Z';
            assertThat(value.reveal()).isEqualTo(CANARY);
            assertThat(value).isNotEqualTo(SecretValue.copyOf(CANARY.toCharArray()));
        }
    }

    private static void collectFailure(List<String> seen, Runnable action) {
        var stack = new ByteArrayOutputStream();
        try {
            action.run();
            throw new AssertionError("expected a failure");
        } catch (VaultException e) {
            seen.add(e.getMessage());
            seen.add(e.toString());
            e.printStackTrace(new PrintStream(stack, true, StandardCharsets.UTF_8));
            seen.add(stack.toString(StandardCharsets.UTF_8));
        }
    }
}
