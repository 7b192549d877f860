package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --bind}, and what a new user sees when the address is taken. */
class ServeBindTest {

    @TempDir
    Path tmp;

    @Test
    void aPortInUseIsNamedWithWhatToDo() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var address = "127.0.0.1:" + taken.getLocalPort();
            var run = new CliRun(tmp.resolve("home")).run("serve", "--bind", address);
            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.err())
                    .contains("cannot listen on " + address + ": the address is already in use")
                    .contains("serve --bind HOST:PORT")
                    .doesNotContain("internal error")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void aMalformedBindIsRefusedBeforeAnythingStarts() {
        var run = new CliRun(tmp.resolve("home")).run("serve", "--bind", "localhost");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--bind must be HOST:PORT");
        assertThat(tmp.resolve("home")).doesNotExist();
    }
}
