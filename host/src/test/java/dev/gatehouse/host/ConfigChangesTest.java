package dev.gatehouse.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.testing.RecordingAuditSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand edits of gatehouse.yaml become config.changed events when a real host next starts. */
class ConfigChangesTest {

    @TempDir
    Path tmp;

    GatehouseHome home;
    RecordingAuditSink audit = new RecordingAuditSink();
    Clock clock = Clock.systemUTC();

    @BeforeEach
    void firstRun() {
        home = new GatehouseHome(tmp.resolve("home"));
        FirstRun.ensure(home, audit, clock);
    }

    void start(AuditSink sink) {
        var config = HostRuntimeTest.config(home);
        HostRuntime.open(home, config, sink, new SimpleMeterRegistry(), clock, HostOptions.defaults())
                .close();
    }

    List<AuditEvent> changes() {
        return audit.events().stream()
                .filter(e -> e.type().equals("config.changed"))
                .toList();
    }

    void edit(String from, String to) throws Exception {
        var text = Files.readString(home.configFile());
        assertThat(text).contains(from);
        Files.writeString(home.configFile(), text.replace(from, to));
    }

    @Test
    void theFirstStartRecordsEverySectionThenOnlyWhatChanges() throws Exception {
        start(audit);
        assertThat(changes())
                .extracting(e -> e.fields().get("section"))
                .containsExactly("builtins", "plugins", "policies", "scopes", "server", "workspace");
        assertThat(changes()).allSatisfy(e -> {
            assertThat(e.principal()).isEqualTo("system:host");
            assertThat(e.fields()).containsEntry("digest_before", "absent").containsEntry("file", "gatehouse.yaml");
            assertThat((String) e.fields().get("digest_after")).matches("[0-9a-f]{64}");
        });
        var builtinsBefore = changes().getFirst().fields().get("digest_after");

        start(audit);
        assertThat(changes()).hasSize(6);

        // A comment or a re-indentation changes nothing the host runs with.
        Files.writeString(home.configFile(), "# reviewed\n" + Files.readString(home.configFile()));
        start(audit);
        assertThat(changes()).hasSize(6);

        edit("hosts: []", "hosts: [\"api.example.com:443\"]");
        start(audit);
        assertThat(changes()).hasSize(7);
        var changed = changes().getLast();
        assertThat(changed.fields())
                .containsEntry("section", "builtins")
                .containsEntry("digest_before", builtinsBefore)
                .doesNotContainEntry("digest_after", builtinsBefore);
    }

    @Test
    void aRemovedSectionIsAChangeToAbsent() throws Exception {
        start(audit);
        edit("policies: []", "");
        start(audit);
        assertThat(changes().getLast().fields())
                .containsEntry("section", "policies")
                .containsEntry("digest_after", "absent");
        start(audit);
        assertThat(changes().getLast().fields()).containsEntry("section", "policies");
        assertThat(changes()).hasSize(7);
    }

    @Test
    void aChangeTheAuditLogCouldNotTakeIsReportedAgainAtTheNextStart() throws Exception {
        start(audit);
        edit("policies: []", "policies:\n  - {id: p1, effect: deny, when: \"tool.name == 'x'\"}");
        AuditSink broken = event -> {
            if (event.type().equals("config.changed")) {
                throw new IllegalStateException("audit log unavailable");
            }
            audit.record(event);
        };
        assertThatThrownBy(() -> start(broken)).hasMessageContaining("audit log unavailable");
        start(audit);
        assertThat(changes()).hasSize(7);
        assertThat(changes().getLast().fields()).containsEntry("section", "policies");
    }
}
