package dev.gatehouse.plugins.manifest;

import static dev.gatehouse.plugins.manifest.ManifestFixtures.MINIMAL;
import static dev.gatehouse.plugins.manifest.ManifestFixtures.WITH_TOOL;
import static dev.gatehouse.plugins.manifest.ManifestFixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each rule of manifest v1, broken on purpose, must be reported at its line and column. */
class ManifestRulesTest {

    @TempDir
    Path dir;

    static Arguments refused(String from, String to, String expected) {
        return Arguments.of(from, to, expected);
    }

    static Stream<Arguments> identityRules() {
        return Stream.of(
                refused(
                        "name: demo",
                        "name: d",
                        "2:7: name 'd' is not valid: lower-case letters, digits and '-', "
                                + "starting with a letter, 2 to 63 long"),
                refused(
                        "name: demo",
                        "name: 9lives",
                        "2:7: name '9lives' is not valid: lower-case letters, digits "
                                + "and '-', starting with a letter, 2 to 63 long"),
                refused("name: demo", "name: gatehouse", "2:7: name 'gatehouse' is reserved for the host itself"),
                refused("version: 1.0.0", "version: 1.0", "3:10: expected a string (quote it), found a number"),
                refused(
                        "version: 1.0.0",
                        "version: 01.0.0",
                        "3:10: version '01.0.0' is not valid: expected a "
                                + "semantic version such as 1.2.0, 1.0.0-rc.1 or 1.0.0+build.5"),
                refused("description: A demo plugin.", "description: \"  \"", "4:14: description must not be blank"),
                refused(
                        "description: A demo plugin.",
                        "description: " + "x".repeat(1025),
                        "4:14: description is 1025 characters long; the limit is 1024"),
                refused(
                        "name: demo",
                        "name: demo\npublisher: Acme",
                        "3:12: publisher 'Acme' is not valid: "
                                + "lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 long"),
                refused(
                        "name: demo",
                        "name: demo\npackage: acme crm",
                        "3:10: package 'acme crm' is not valid: at most 214 characters and no white space"),
                refused(
                        "name: demo",
                        "name: demo\npackage: " + "p".repeat(215),
                        "3:10: package '" + "p".repeat(64)
                                + "...' is not valid: at most 214 characters and no white space"),
                refused(
                        "name: demo",
                        "name: demo\nprovides_tool: []",
                        "3:1: unknown key 'provides_tool' (did you mean 'provides_tools'?)"),
                refused("name: demo", "name: demo\ncolour: blue", "3:1: unknown key 'colour'"));
    }

    @ParameterizedTest
    @MethodSource("identityRules")
    void identityFieldsAreChecked(String from, String to, String expected) {
        assertThat(problems(MINIMAL.replace(from, to), dir)).containsExactly(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0.0.4",
                "1.2.3",
                "10.20.30",
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-0.3.7",
                "1.0.0-x.7.z.92",
                "1.0.0-alpha+001",
                "1.0.0+20130313144700",
                "1.0.0-beta+exp.sha.5114f85",
                "1.0.0-x-y-z.--",
                "1.0.0+21AF26D3----117B344092BD",
                "1.0.0-rc.1+build.1"
            })
    void semverAcceptsTheWholeGrammar(String version) {
        assertThat(Semver.isValid(version)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1",
                "1.2",
                "1.2.3.4",
                "01.1.1",
                "1.01.1",
                "1.1.01",
                "1.2.3-0123",
                "1.2.3-",
                "1.2.3+",
                "1.2.3-alpha..1",
                "1.2.3+a..b",
                "v1.2.3",
                "1.2.3 ",
                "1.2.3-al$pha",
                "-1.0.0"
            })
    void semverRefusesWhatTheGrammarDoesNot(String version) {
        assertThat(Semver.isValid(version)).isFalse();
    }

    static Stream<Arguments> runtimeRules() {
        return Stream.of(
                refused(
                        "{type: builtin}",
                        "{type: java}",
                        "5:17: runtime type must be one of wasm, process, " + "builtin, found 'java'"),
                refused("{type: builtin}", "{type: process}", "5:10: missing required key 'command'"),
                refused(
                        "{type: builtin}",
                        "{type: process, command: []}",
                        "5:35: command must name the program to run"),
                refused(
                        "{type: builtin}",
                        "{type: process, command: [node, \"\"]}",
                        "5:42: command parts must not be empty"),
                refused(
                        "{type: builtin}",
                        "{type: process, command: [node], module: m.wasm}",
                        "5:51: module does not belong to a process runtime"),
                refused(
                        "{type: builtin}",
                        "{type: builtin, command: [x]}",
                        "5:35: command does not belong to a builtin runtime"),
                refused("{type: builtin}", "{type: wasm}", "5:10: missing required key 'module'"),
                refused(
                        "{type: builtin}",
                        "{type: wasm, module: missing.wasm}",
                        "5:31: module 'missing.wasm' does not exist in the plugin directory"),
                refused(
                        "{type: builtin}",
                        "{type: wasm, module: ../other/p.wasm}",
                        "5:31: module '../other/p.wasm' must not contain '..'"),
                refused(
                        "{type: builtin}",
                        "{type: wasm, module: /etc/passwd}",
                        "5:31: module '/etc/passwd' must be a relative path inside the plugin directory"));
    }

    @ParameterizedTest
    @MethodSource("runtimeRules")
    void runtimeIsChecked(String from, String to, String expected) {
        assertThat(problems(MINIMAL.replace(from, to), dir)).containsExactly(expected);
    }

    static Stream<Arguments> toolRules() {
        return Stream.of(
                refused(
                        "name: lookup",
                        "name: 1lookup",
                        "7:11: tool name '1lookup' is not valid: letters, digits, "
                                + "'_', '.' and '-', starting with a letter, at most 64 long"),
                refused("description: Look something up.", "description: \"\"", "8:18: description must not be blank"),
                refused(
                        "{type: object}",
                        "{type: string}",
                        "9:26: input_schema type must be object, since tool arguments are a JSON object"),
                refused("{type: object}", "{properties: {}}", "9:19: input_schema must say type: object"),
                refused("{type: object}", "[object]", "9:19: expected a mapping, found a list"),
                refused(
                        "[crm:read]",
                        "[]",
                        "10:22: required_scopes must name at least one scope; a tool nobody "
                                + "needs a scope for would be open to every caller"),
                refused(
                        "[crm:read]",
                        "[crm]",
                        "10:23: scope 'crm' is not valid: a scope looks like domain:action, "
                                + "lower case, such as crm:read"),
                refused(
                        "[crm:read]",
                        "[CRM:read]",
                        "10:23: scope 'CRM:read' is not valid: a scope looks like "
                                + "domain:action, lower case, such as crm:read"),
                refused(
                        "effects: read",
                        "effects: delete",
                        "11:14: effects must be one of read, write, destructive, external, found 'delete'"),
                refused(
                        "effects: read",
                        "effects: read\n    visibility: secret",
                        "12:17: visibility must be one of public, extended, found 'secret'"),
                refused(
                        "effects: read",
                        "effects: read\n    approval: sometimes",
                        "12:15: approval must be one of never, always, found 'sometimes'"),
                refused(
                        "effects: read",
                        "effects: write\n    middleware: {cache: {ttl: 60s}}",
                        "12:25: cache is only allowed for tools whose effects is read; this one's is write"),
                refused(
                        "effects: read",
                        "effects: destructive\n    middleware: {retry: {max_attempts: 2, backoff: 1.5}}",
                        "12:25: retry is not allowed for destructive tools: repeating one is not safe"),
                refused(
                        "effects: read",
                        "effects: read\n    middleware: {retry: {max_attempts: 11, backoff: 1.5}}",
                        "12:40: max_attempts must be from 1 to 10"),
                refused(
                        "effects: read",
                        "effects: read\n    middleware: {retry: {max_attempts: 2, backoff: 0.5}}",
                        "12:52: backoff must be at least 1.0"),
                refused(
                        "effects: read",
                        "effects: read\n    middleware: {rate_limit: {per_minute: 0}}",
                        "12:43: per_minute must be positive"),
                refused(
                        "effects: read",
                        "effects: read\n    middleware: {rate_limit: {per_minute: 5, key: ip}}",
                        "12:51: key must be one of user, tool, global, found 'ip'"),
                refused(
                        "effects: read",
                        "effects: read\n    middleware: {timeout: 11m}",
                        "12:27: timeout 11m is above the operator's maximum of 10m"),
                refused(
                        "effects: read",
                        "effects: read\n    middleware: {timeout: soon}",
                        "12:27: expected a positive duration such as 500ms, 30s, 5m or 1h, found 'soon'"),
                refused(
                        "effects: read",
                        "effects: read\n    middleware: {circuit: {}}",
                        "12:18: unknown key 'circuit'"),
                refused(
                        "effects: read",
                        "effects: read\n  - name: lookup\n    description: Again.\n"
                                + "    input_schema: {type: object}\n    required_scopes: [crm:read]\n    effects: read",
                        "12:11: duplicate tool name 'lookup' (first on line 7)"));
    }

    @ParameterizedTest
    @MethodSource("toolRules")
    void toolsAreChecked(String from, String to, String expected) {
        assertThat(problems(WITH_TOOL.replace(from, to), dir)).containsExactly(expected);
    }

    static Stream<Arguments> hookAndEnvRules() {
        return Stream.of(
                Arguments.of(
                        "provides_hooks: [{event: before_call, purpose: p}]",
                        "6:26: event must be one of pre_tool_call, post_tool_call, transform_tool_result, on_error, "
                                + "found 'before_call'"),
                Arguments.of("provides_hooks: [{event: on_error, purpose: \" \"}]", "6:45: purpose must not be blank"),
                Arguments.of(
                        "requires_env: [{name: api_key, description: d}]",
                        "6:23: env name 'api_key' is not "
                                + "valid: upper-case letters, digits and '_', not starting with a digit"),
                Arguments.of(
                        "requires_env: [{name: TOKEN, description: d}, {name: TOKEN, description: e}]",
                        "6:54: duplicate env name 'TOKEN' (first on line 6)"),
                Arguments.of(
                        "requires_env: [{name: TOKEN, description: d, secret: maybe}]",
                        "6:54: expected true or false, found a string"),
                Arguments.of("requires_env: [{name: TOKEN}]", "6:16: missing required key 'description'"));
    }

    @ParameterizedTest
    @MethodSource("hookAndEnvRules")
    void hooksAndEnvAreChecked(String addition, String expected) {
        assertThat(problems(MINIMAL + addition + "\n", dir)).containsExactly(expected);
    }

    @Test
    void toolsSharingAGlobalRateLimitMustAgreeOnItsSize() {
        var second = """
                  - name: other
                    description: Another.
                    input_schema: {type: object}
                    required_scopes: [crm:read]
                    effects: read
                    middleware: {rate_limit: {per_minute: %d, key: global}}
                """;
        var first = WITH_TOOL.replace(
                "effects: read", "effects: read\n    middleware: {rate_limit: {per_minute: 10, key: global}}");
        assertThat(problems(first + second.formatted(10), dir)).isEmpty();
        assertThat(problems(first + second.formatted(20), dir))
                .containsExactly("18:30: a global rate limit is one budget shared by the plugin's tools: per_minute"
                        + " must be the same for each (tool 'lookup' says 10, this one 20)");
        // Limits per user or per tool are each tool's own business.
        var perUser = first.replace("key: global", "key: user");
        assertThat(problems(perUser + second.formatted(20).replace("key: global", "key: tool"), dir))
                .isEmpty();
    }
}
