package dev.gatehouse.plugins.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.Test;

/** What JGit actually reads once Gatehouse has isolated it from the operator's git configuration. */
class IsolatedGitConfigTest {

    @Test
    void jgitSeesNoOperatorSettingsAndNeverGarbageCollectsInTheBackground() throws Exception {
        IsolatedGitConfig.install();
        var reader = SystemReader.getInstance();
        for (var config : java.util.List.of(reader.getUserConfig(), reader.getSystemConfig())) {
            // The settings a throwaway clone depends on, as JGit reads them (not as we meant them).
            assertThat(config.getInt("gc", null, "auto", 6700)).isZero();
            assertThat(config.getBoolean("gc", null, "autoDetach", true)).isFalse();
            // Nothing from ~/.gitconfig or /etc/gitconfig (url.*.insteadOf could swap a repository);
            // "filesystem" is JGit's own in-memory measurement of timestamp resolution.
            assertThat(config.getSections()).isSubsetOf("gc", "filesystem");
        }
    }
}
