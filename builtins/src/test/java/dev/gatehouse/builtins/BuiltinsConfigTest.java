package dev.gatehouse.builtins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigProblem;
import dev.gatehouse.config.OperatorConfig;
import dev.gatehouse.config.OperatorConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BuiltinsConfigTest {

    static OperatorConfig parse(String yaml) {
        return new OperatorConfigLoader(Path.of("."), List.of(BuiltinsConfig.SECTION))
                .parse("gatehouse.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> problems(String yaml) {
        try {
            parse(yaml);
            return List.of();
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
    }

    @Test
    void theDefaultsAllowNothing() {
        var config = OperatorConfig.defaults().section(BuiltinsConfig.SECTION);
        assertThat(config.files().roots()).isEmpty();
        assertThat(config.http().hosts()).isEmpty();
        assertThat(config.http().allowPrivate()).isEmpty();
    }

    @Test
    void readsTheWholeSection() {
        var config = parse("""
                builtins:
                  files:
                    roots: {workspace: "${workspace}", docs: /srv/docs, notes: "${workspace}/notes"}
                    read_only: [docs]
                    max_read_bytes: 4096
                    max_write_bytes: 2048
                  http:
                    hosts: ["api.example.com:443", "*.example.org", "127.0.0.1:8080"]
                    allow_private: ["127.0.0.1:8080"]
                    max_response_bytes: 100000
                    max_request_bytes: 5000
                    timeout: 10s
                """).section(BuiltinsConfig.SECTION);
        var files = config.files();
        assertThat(files.roots()).containsOnlyKeys("workspace", "docs", "notes");
        assertThat(files.roots().get("docs").readOnly()).isTrue();
        assertThat(files.roots().get("workspace").readOnly()).isFalse();
        assertThat(files.maxReadBytes()).isEqualTo(4096);
        assertThat(files.maxWriteBytes()).isEqualTo(2048);
        var ws = Optional.of(Path.of("/home/me/project"));
        assertThat(files.roots().get("workspace").resolve(ws)).contains(Path.of("/home/me/project"));
        assertThat(files.roots().get("notes").resolve(ws)).contains(Path.of("/home/me/project/notes"));
        assertThat(files.roots().get("notes").resolve(Optional.empty())).isEmpty();
        assertThat(files.roots().get("docs").resolve(Optional.empty())).contains(Path.of("/srv/docs"));
        var http = config.http();
        assertThat(http.hosts())
                .extracting(Object::toString)
                .containsExactly("api.example.com:443", "*.example.org", "127.0.0.1:8080");
        assertThat(http.allowPrivate()).extracting(Object::toString).containsExactly("127.0.0.1:8080");
        assertThat(http.maxResponseBytes()).isEqualTo(100000);
        assertThat(http.maxRequestBytes()).isEqualTo(5000);
        assertThat(http.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aReadOnlyRootInsideAWritableOneIsRefusedWithItsPlace() {
        var problems = problems("""
                builtins:
                  files:
                    roots: {workspace: "${workspace}", docs: "${workspace}/docs", srv: /srv, kept: /srv/kept, other: /opt/x}
                    read_only: [docs, kept, other]
                """);
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .contains("read-only root 'docs' lies inside the writable root 'workspace'")
                .startsWith("gatehouse.yaml:4:"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("read-only root 'kept' lies inside the writable root 'srv'"));
        assertThat(problems).noneSatisfy(p -> assertThat(p).contains("'other'"));
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPlace() {
        var problems = problems("""
                builtins:
                  files:
                    roots: {all: /, rel: srv/docs, up: /srv/../etc, "Bad Name": /srv/x, ws: "${workspace}/../x"}
                    read_only: [nope]
                    max_read_bytes: 0
                  http:
                    hosts: ["*", "*.com", "exa mple.com", "api.example.com:99999", "[::1]:8080"]
                    allow_private: ["*.example.com:80", "10.0.0.1", "192.168.1.1:80"]
                    timeout: 1h
                    proxy: none
                """);
        assertThat(problems)
                .anyMatch(p -> p.contains("whole file system"))
                .anyMatch(p -> p.contains("must be absolute or start with ${workspace}"))
                .anyMatch(p -> p.contains("'/srv/../etc'") && p.contains("normalized"))
                .anyMatch(p -> p.contains("'${workspace}/../x'"))
                .anyMatch(p -> p.contains("root name 'Bad Name'"))
                .anyMatch(p -> p.contains("'nope', which is not a root"))
                .anyMatch(p -> p.contains("max_read_bytes must be from 1"))
                .anyMatch(p -> p.contains("host '*'") && p.contains("bare '*'"))
                .anyMatch(p -> p.contains("host '*.com'"))
                .anyMatch(p -> p.contains("host 'exa mple.com'"))
                .anyMatch(p -> p.contains("the port must be a number from 1 to 65535"))
                .anyMatch(p -> p.contains("'*.example.com:80' must be one exact host:port"))
                .anyMatch(p -> p.contains("'10.0.0.1' must be one exact host:port"))
                .anyMatch(p -> p.contains("'192.168.1.1:80' is not allowed by hosts"))
                .anyMatch(p -> p.contains("timeout 1h is above the maximum"))
                .anyMatch(p -> p.contains("unknown key 'proxy'"));
        assertThat(problems).noneMatch(p -> p.contains("[::1]:8080"));
        assertThat(problems).allMatch(p -> p.startsWith("gatehouse.yaml:"));
    }

    @Test
    void anUnknownKeyInTheSectionIsSuggested() {
        assertThatThrownBy(() -> parse("builtins: {file: {}}\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p.message()).contains("did you mean 'files'")));
    }
}
