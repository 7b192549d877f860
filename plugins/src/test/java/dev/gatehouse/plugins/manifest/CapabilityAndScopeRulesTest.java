package dev.gatehouse.plugins.manifest;

import static dev.gatehouse.plugins.manifest.ManifestFixtures.MINIMAL;
import static dev.gatehouse.plugins.manifest.ManifestFixtures.WITH_TOOL;
import static dev.gatehouse.plugins.manifest.ManifestFixtures.problems;
import static dev.gatehouse.plugins.manifest.ManifestFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.manifest.Capabilities.NetRule;
import dev.gatehouse.api.manifest.Runtime;
import dev.gatehouse.config.PluginLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CapabilityAndScopeRulesTest {

    @TempDir
    Path dir;

    @Test
    void acceptsEveryFormOfNetEntry() {
        var yaml = MINIMAL
                + "capabilities: {net: [api.example.com, \"API.Example.com:8443\", \"*.example.co.uk\", 10.0.0.1:5432,"
                + " \"[2001:db8::1]:443\", \"[::1]\", localhost]}\n";
        var m = ManifestFixtures.parser().parse("plugin.yaml", utf8(yaml), dir);
        assertThat(m.capabilities().net())
                .containsExactly(
                        new NetRule("api.example.com", OptionalInt.empty()),
                        new NetRule("api.example.com", OptionalInt.of(8443)),
                        new NetRule("*.example.co.uk", OptionalInt.empty()),
                        new NetRule("10.0.0.1", OptionalInt.of(5432)),
                        new NetRule("[2001:db8::1]", OptionalInt.of(443)),
                        new NetRule("[::1]", OptionalInt.empty()),
                        new NetRule("localhost", OptionalInt.empty()));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "'*'                   | a bare '*' would allow every host; name the hosts or a domain like '*.example.com'",
                "'*:443'               | a bare '*' would allow every host; name the hosts or a domain like '*.example.com'",
                "'*.'                  | '*.' must be followed by a domain name",
                "'*.com'               | '*.com' would allow every host under a top-level domain; name a longer domain",
                "'api.*.example.com'   | '*' is only allowed as a leading '*.'",
                "'example.com:0'       | the port must be a number from 1 to 65535",
                "'example.com:65536'   | the port must be a number from 1 to 65535",
                "'example.com:https'   | the port must be a number from 1 to 65535",
                "'2001:db8::1'         | an IPv6 address must be in brackets, like [2001:db8::1]:443",
                "'[2001:db8::zz]'      | not a valid IPv6 address",
                "'[::1]443'            | only ':port' may follow an IPv6 address",
                "'exa_mple.com'        | not a valid host name or IP address",
                "'1.2.3.999'           | not a valid host name or IP address",
                "'-bad.example.com'    | not a valid host name or IP address",
                "'example.com.'        | not a valid host name or IP address",
                "':443'                | the host is missing"
            })
    void refusesBadNetEntries(String entry, String reason) {
        var yaml = MINIMAL + "capabilities:\n  net: [\"" + entry + "\"]\n";
        assertThat(problems(yaml, dir))
                .containsExactly("7:9: net entry " + dev.gatehouse.config.ConfigNode.quote(entry) + ": " + reason);
    }

    @Test
    void acceptsAbsoluteAndWorkspacePaths() {
        var yaml = MINIMAL
                + "capabilities: {fs: {read: [/usr/share/dict, \"${workspace}\"], write: [\"${workspace}/out/x\"]}}\n";
        var m = ManifestFixtures.parser().parse("plugin.yaml", utf8(yaml), dir);
        assertThat(m.capabilities().fsRead()).containsExactly("/usr/share/dict", "${workspace}");
        assertThat(m.capabilities().fsWrite()).containsExactly("${workspace}/out/x");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "docs                  | must be absolute or start with ${workspace}",
                "/                     | would grant the whole file system",
                "/data/../etc          | must be normalized: no empty, '.' or '..' parts and no trailing '/'",
                "/data/                | must be normalized: no empty, '.' or '..' parts and no trailing '/'",
                "/data//x              | must be normalized: no empty, '.' or '..' parts and no trailing '/'",
                "${workspace}/../home  | must be normalized: no empty, '.' or '..' parts and no trailing '/'",
                "${workspace}/./a      | must be normalized: no empty, '.' or '..' parts and no trailing '/'",
                "${workspacex}         | must be absolute or start with ${workspace}",
                "${home}/x             | must be absolute or start with ${workspace}",
                "/data/${home}         | contains characters a path may not have here"
            })
    void refusesPathsThatAreNotExactLocations(String path, String reason) {
        var yaml = MINIMAL + "capabilities:\n  fs:\n    write: [\"" + path + "\"]\n";
        assertThat(problems(yaml, dir)).containsExactly("8:13: path '" + path + "' " + reason);
    }

    @Test
    void limitsWithinTheMaximaAreKept() {
        var parser = new ManifestParser(new PluginLimits(512, Duration.ofMinutes(1), 60, 2048, 8));
        var yaml = MINIMAL + "capabilities: {limits: {memory_mb: 512, timeout: 1m, processes: 1}}\n";
        var limits = parser.parse("plugin.yaml", utf8(yaml), dir).capabilities().limits();
        assertThat(limits.memoryMb()).hasValue(512);
        assertThat(limits.timeout()).contains(Duration.ofMinutes(1));
        assertThat(limits.cpuSeconds()).isEmpty();
    }

    @Test
    void limitsAboveTheOperatorsMaximaAreRefusedNamingTheMaximum() {
        var parser = new ManifestParser(new PluginLimits(512, Duration.ofMinutes(1), 60, 2048, 8));
        var yaml = MINIMAL + """
                capabilities:
                  limits:
                    memory_mb: 4096
                    timeout: 2m
                    cpu_seconds: 61
                    max_output_kb: 0
                    processes: 9
                    threads: 4
                """;
        try {
            parser.parse("plugin.yaml", utf8(yaml), dir);
        } catch (ManifestException e) {
            assertThat(e.problems().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()))
                    .containsExactly(
                            "8:16: memory_mb 4096 is above the operator's maximum of 512",
                            "9:14: timeout 2m is above the operator's maximum of 1m",
                            "10:18: cpu_seconds 61 is above the operator's maximum of 60",
                            "11:20: max_output_kb must be positive",
                            "12:16: processes 9 is above the operator's maximum of 8",
                            "13:5: unknown key 'threads'");
            return;
        }
        throw new AssertionError("limits above the maxima were accepted");
    }

    @Test
    void hierarchyGrantingAdminIsRefused() {
        var yaml = WITH_TOOL + "scopes:\n  hierarchy:\n    \"crm:read\": [\"admin:all\"]\n";
        assertThat(problems(yaml, dir))
                .containsExactly("14:18: a plugin's scope hierarchy may only mention its own namespaces (crm); "
                        + "'admin' is not one");
    }

    @Test
    void hierarchyArrangingAnotherPluginsNamespaceIsRefused() {
        var yaml = WITH_TOOL + "scopes:\n  hierarchy:\n    \"billing:admin\": [\"crm:read\", \"billing:read\"]\n";
        assertThat(problems(yaml, dir))
                .containsExactly(
                        "14:5: a plugin's scope hierarchy may only mention its own namespaces (crm); 'billing' is not"
                                + " one",
                        "14:35: a plugin's scope hierarchy may only mention its own namespaces (crm); 'billing' is"
                                + " not one");
    }

    @Test
    void hierarchyOfAPluginWithoutToolsMayMentionNothing() {
        var yaml = MINIMAL + "scopes: {hierarchy: {\"crm:write\": [\"crm:read\"]}}\n";
        assertThat(problems(yaml, dir))
                .contains("6:22: a plugin's scope hierarchy may only mention its own namespaces (none, as no tool "
                        + "requires a scope); 'crm' is not one");
    }

    @Test
    void hierarchyScopesMustBeValidSyntax() {
        var yaml = WITH_TOOL + "scopes:\n  hierarchy:\n    admin: [\"crm:read\"]\n";
        assertThat(problems(yaml, dir))
                .containsExactly("14:5: scope 'admin' is not valid: a scope looks like domain:action, lower case, "
                        + "such as crm:read");
    }

    @Test
    void wasmModuleInsideTheTreeIsAccepted() throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Files.write(dir.resolve("bin/plugin.wasm"), new byte[] {0, 'a', 's', 'm'});
        Files.createSymbolicLink(dir.resolve("current.wasm"), Path.of("bin/plugin.wasm"));
        var yaml = MINIMAL.replace("{type: builtin}", "{type: wasm, module: current.wasm}");
        var m = ManifestFixtures.parser().parse("plugin.yaml", utf8(yaml), dir);
        assertThat(m.runtime()).isEqualTo(new Runtime.Wasm("current.wasm"));
    }

    @Test
    void wasmModuleEscapingTheTreeThroughASymbolicLinkIsRefused(@TempDir Path outside) throws IOException {
        var target = Files.write(outside.resolve("evil.wasm"), new byte[] {0, 'a', 's', 'm'});
        Files.createSymbolicLink(dir.resolve("plugin.wasm"), target);
        Files.createDirectories(dir.resolve("lib"));
        Files.createSymbolicLink(dir.resolve("lib/up"), outside);
        var direct = MINIMAL.replace("{type: builtin}", "{type: wasm, module: plugin.wasm}");
        var viaDir = MINIMAL.replace("{type: builtin}", "{type: wasm, module: lib/up/evil.wasm}");
        assertThat(problems(direct, dir))
                .containsExactly(
                        "5:31: module 'plugin.wasm' leads outside the plugin directory through a symbolic link");
        assertThat(problems(viaDir, dir))
                .containsExactly(
                        "5:31: module 'lib/up/evil.wasm' leads outside the plugin directory through a symbolic link");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bin", "gone.wasm"})
    void wasmModuleMustBeARegularFile(String module) throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(dir.resolve("gone.wasm"), dir.resolve("nowhere.wasm"));
        var yaml = MINIMAL.replace("{type: builtin}", "{type: wasm, module: " + module + "}");
        assertThat(problems(yaml, dir))
                .singleElement()
                .isIn(List.of(
                        "5:31: module 'bin' is not a regular file",
                        "5:31: module 'gone.wasm' is a broken symbolic link"));
    }
}
