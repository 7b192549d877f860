package dev.gatehouse.plugins.source;

import java.io.File;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Keeps JGit away from the operator's git configuration, in both directions. Read, it could steer
 * a fetch ({@code url.<base>.insteadOf} silently swaps the repository); written, JGit would leave
 * its file-system measurements in {@code ~/.config/jgit}. User, system and JGit configuration are
 * therefore empty and never saved. Gatehouse uses JGit only to fetch plugins, so the JVM-wide
 * reader is replaced once, when the first git source is fetched, and JGit's file-system probing is
 * made synchronous.
 */
final class IsolatedGitConfig extends SystemReader.Delegate {

    private static boolean installed;

    private IsolatedGitConfig(SystemReader delegate) {
        super(delegate);
    }

    static synchronized void install() {
        if (!installed) {
            SystemReader.setInstance(new IsolatedGitConfig(SystemReader.getInstance()));
            // JGit measures a file system's timestamp resolution with probe files, by default on a
            // background thread that can still be writing into a clone while we delete it.
            FS.FileStoreAttributes.setBackground(false);
            installed = true;
        }
    }

    @Override
    public FileBasedConfig openUserConfig(Config parent, FS fs) {
        return new EmptyConfig(parent, fs);
    }

    @Override
    public FileBasedConfig openSystemConfig(Config parent, FS fs) {
        return new EmptyConfig(parent, fs);
    }

    @Override
    public FileBasedConfig openJGitConfig(Config parent, FS fs) {
        return new EmptyConfig(parent, fs);
    }

    /** A configuration with no file behind it: loads nothing, saves nowhere. */
    private static final class EmptyConfig extends FileBasedConfig {

        EmptyConfig(Config parent, FS fs) {
            super(parent, (File) null, fs);
            // Set here, not only in load(): JGit loads a file config only when it reports itself
            // outdated, which this one never does.
            ours();
        }

        @Override
        public void load() {
            // Nothing to read: the point is to ignore what the operator's files say.
            ours();
        }

        /**
         * One setting of our own: no automatic gc after a fetch. JGit runs it detached, in the
         * background, and it can still hold gc.log.lock inside a throwaway clone while we delete it.
         */
        private void ours() {
            clear();
            setInt("gc", null, "auto", 0);
            setBoolean("gc", null, "autoDetach", false);
        }

        @Override
        public void save() {
            // Nothing to write: the operator's home is not ours to change.
        }

        @Override
        public boolean isOutdated() {
            return false;
        }
    }
}
