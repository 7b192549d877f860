package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.OperatorConfig;
import dev.gatehouse.config.OperatorConfigLoader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    static ServerConfig parse(String yaml) {
        OperatorConfig config = new OperatorConfigLoader(Path.of("."), List.of(ServerConfig.SECTION))
                .parse("gatehouse.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        return config.section(ServerConfig.SECTION);
    }

    @Test
    void defaultsListenOnLoopbackWithTightBounds() {
        var d = ServerConfig.defaults();
        assertThat(d.bindHost()).isEqualTo("127.0.0.1");
        assertThat(d.bindPort()).isEqualTo(8787);
        assertThat(d.allowedOrigins()).isEmpty();
        assertThat(d.maxBodyBytes()).isEqualTo(4L * 1024 * 1024);
        assertThat(d.metricsRequireLoopback()).isTrue();
        assertThat(d.reauthenticateAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(parse("plugins: {}\n")).isEqualTo(d);
    }

    @Test
    void everyKeyIsRead() {
        var c = parse("""
                server:
                  bind: "0.0.0.0:9000"
                  allowed_origins: ["https://Console.Example.org"]
                  allowed_hosts: ["gatehouse.internal:9000"]
                  public_url: "https://gatehouse.example.org/"
                  max_body_bytes: 65536
                  drain_timeout: 30s
                  metrics: {require_loopback: false}
                  reauthenticate_after: 30s
                """);
        assertThat(c.bindHost()).isEqualTo("0.0.0.0");
        assertThat(c.bindPort()).isEqualTo(9000);
        assertThat(c.allowedOrigins()).containsExactly("https://console.example.org");
        assertThat(c.allowedHosts()).containsExactly("gatehouse.internal:9000");
        assertThat(c.publicUrl()).contains(URI.create("https://gatehouse.example.org"));
        assertThat(c.maxBodyBytes()).isEqualTo(65536);
        assertThat(c.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.metricsRequireLoopback()).isFalse();
        assertThat(c.reauthenticateAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void reauthenticationIsBoundedAndZeroMeansEveryRequest() {
        assertThat(parse("server: {reauthenticate_after: 0s}\n").reauthenticateAfter())
                .isZero();
        assertThat(parse("server: {reauthenticate_after: 5m}\n").reauthenticateAfter())
                .isEqualTo(Duration.ofMinutes(5));
        for (var bad : new String[] {"6m", "1h", "-1s", "0", "never"}) {
            assertThatThrownBy(() -> parse("server: {reauthenticate_after: " + bad + "}\n"))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            ConfigException.class, e -> assertThat(e.problems()).hasSize(1));
        }
    }

    @Test
    void sessionLifetimeAndThePerPrincipalCapAreReadAndBounded() {
        var defaults = ServerConfig.defaults().sessions();
        assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(defaults.maxPerPrincipal()).isEqualTo(100);
        var read = parse("server: {session_idle_timeout: 2h, max_sessions_per_principal: 5}\n")
                .sessions();
        assertThat(read.idleTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(read.maxPerPrincipal()).isEqualTo(5);
        for (var bad : new String[] {
            "session_idle_timeout: 5s",
            "session_idle_timeout: 25h",
            "session_idle_timeout: soon",
            "max_sessions_per_principal: 0",
            "max_sessions_per_principal: 10001"
        }) {
            assertThatThrownBy(() -> parse("server: {" + bad + "}\n"))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            ConfigException.class, e -> assertThat(e.problems()).hasSize(1));
        }
    }

    @Test
    void badValuesAreAllReportedWithTheirPlace() {
        assertThatThrownBy(() -> parse("""
                        server:
                          bind: "localhost"
                          allowed_origins: ["*", "javascript:alert(1)"]
                          public_url: "https://user:pw@example.org/?q=1"
                          max_body_bytes: 10
                          metrics: {require_loopbak: true}
                        """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                .hasSize(6)
                .anySatisfy(p -> assertThat(p.message()).contains("host:port"))
                .anySatisfy(p -> assertThat(p.message()).contains("did you mean 'require_loopback'"))
                .allSatisfy(p -> assertThat(p.message()).doesNotContain("pw@")));
    }
}
