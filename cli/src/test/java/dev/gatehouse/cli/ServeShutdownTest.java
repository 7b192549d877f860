package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServeShutdownTest {

    @TempDir
    Path tmp;

    @Test
    void sigtermDrainsAndExitsAndALaterRunPrintsOnlyTheUrl() throws Exception {
        String firstKey;
        try (var serve = ServeProcess.start(tmp.resolve("home"), ServeEndToEndTest.CONFIG)) {
            firstKey = serve.adminKey();
            int code = serve.stop();
            assertThat(serve.err).as("exit " + code + ", stdout " + serve.out).anySatisfy(l -> assertThat(l)
                    .contains("draining"));
        }
        try (var again = ServeProcess.start(tmp.resolve("home"), ServeEndToEndTest.CONFIG)) {
            assertThat(again.out).noneSatisfy(l -> assertThat(l).contains("ghk_"));
            assertThat(again.out).noneSatisfy(l -> assertThat(l).contains(firstKey));
            again.stop();
        }
    }
}
