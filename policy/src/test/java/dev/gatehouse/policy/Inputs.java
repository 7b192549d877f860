package dev.gatehouse.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds policy inputs for tests: a plausible call that each test changes in one respect. */
final class Inputs {

    private String principalId = "key:ci-bot";
    private Set<String> scopes = Set.of("files:read");
    private Set<String> effective = Set.of("files:read");
    private Map<String, String> attributes = Map.of("team", "platform");
    private String effects = "read";
    private Map<String, Object> args = Map.of("path", "/srv/data/report.csv");
    private Instant time = Instant.parse("2025-03-04T14:30:00Z");

    static Inputs call() {
        return new Inputs();
    }

    Inputs principal(String id) {
        this.principalId = id;
        return this;
    }

    Inputs scopes(String... held) {
        this.scopes = Set.of(held);
        this.effective = Set.of(held);
        return this;
    }

    Inputs effective(String... implied) {
        this.effective = Set.of(implied);
        return this;
    }

    Inputs attributes(Map<String, String> attributes) {
        this.attributes = attributes;
        return this;
    }

    Inputs effects(String effects) {
        this.effects = effects;
        return this;
    }

    Inputs args(Map<String, Object> args) {
        this.args = args;
        return this;
    }

    Inputs at(String instant) {
        this.time = Instant.parse(instant);
        return this;
    }

    PolicyInput build() {
        return new PolicyInput(
                new PolicyInput.Caller(principalId, scopes, effective, attributes, "api_key"),
                new PolicyInput.Tool("files_delete", "files", effects, List.of("files:write")),
                args,
                new PolicyInput.Request(time, "127.0.0.1", "mcp-http"));
    }
}
