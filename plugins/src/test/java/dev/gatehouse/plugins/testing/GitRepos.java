package dev.gatehouse.plugins.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds a real bare git repository for tests with the {@code git} command line, so that what the
 * fetcher reads through JGit was written by git itself. Commits are made with plumbing ({@code
 * hash-object}, {@code update-index}, {@code commit-tree}), which can hold what a work tree would
 * not produce portably: symlinks anywhere, submodule gitlinks. Files carry over from one commit to
 * the next, like a work tree. The operator's git configuration is never read.
 */
public final class GitRepos implements AutoCloseable {

    private record Entry(String mode, byte[] content, String gitlink) {}

    private final Path dir;
    private final Path index;
    private final Map<String, Entry> files = new TreeMap<>();
    private final List<String> commits = new ArrayList<>();

    private GitRepos(Path dir) {
        this.dir = dir;
        this.index = dir.resolveSibling(dir.getFileName() + ".index");
    }

    /** A new, empty bare repository at {@code dir}, HEAD on branch {@code main}. */
    public static GitRepos create(Path dir) throws IOException {
        var repos = new GitRepos(dir);
        Files.createDirectories(dir);
        repos.git(Optional.empty(), "init", "--quiet", "--bare", "--initial-branch=main", dir.toString());
        return repos;
    }

    public GitRepos file(String path, String content) {
        files.put(path, new Entry("100644", content.getBytes(StandardCharsets.UTF_8), null));
        return this;
    }

    public GitRepos executable(String path, String content) {
        files.put(path, new Entry("100755", content.getBytes(StandardCharsets.UTF_8), null));
        return this;
    }

    public GitRepos symlink(String path, String target) {
        files.put(path, new Entry("120000", target.getBytes(StandardCharsets.UTF_8), null));
        return this;
    }

    /** A submodule entry (gitlink, mode 160000) pointing at a commit of another repository. */
    public GitRepos submodule(String path, String commit) {
        files.put(path, new Entry("160000", null, commit));
        return this;
    }

    public GitRepos remove(String path) {
        files.remove(path);
        return this;
    }

    /** Commits the current files on {@code main}; returns the full commit id. */
    public String commit(String message) throws IOException {
        Files.deleteIfExists(index);
        for (var e : files.entrySet()) {
            var id = e.getValue().gitlink() != null
                    ? e.getValue().gitlink()
                    : git(Optional.of(e.getValue().content()), "hash-object", "-w", "--stdin");
            git(
                    Optional.empty(),
                    "update-index",
                    "--add",
                    "--cacheinfo",
                    e.getValue().mode() + "," + id + "," + e.getKey());
        }
        var tree = git(Optional.empty(), "write-tree");
        var args = new ArrayList<>(List.of("commit-tree", tree, "-m", message));
        if (!commits.isEmpty()) {
            args.addAll(List.of("-p", commits.getLast()));
        }
        var commit = git(Optional.empty(), args.toArray(String[]::new));
        git(Optional.empty(), "update-ref", "refs/heads/main", commit);
        commits.add(commit);
        return commit;
    }

    /** A lightweight tag on the last commit. */
    public GitRepos tag(String name) throws IOException {
        git(Optional.empty(), "tag", name, commits.getLast());
        return this;
    }

    /** An annotated tag on the last commit. */
    public GitRepos annotatedTag(String name) throws IOException {
        git(Optional.empty(), "tag", "-a", "-m", "release " + name, name, commits.getLast());
        return this;
    }

    /** A branch at the last commit; HEAD stays on {@code main}. */
    public GitRepos branch(String name) throws IOException {
        git(Optional.empty(), "branch", name, commits.getLast());
        return this;
    }

    /** Writes {@code git archive} of the last commit, as git itself makes it ({@code tar.gz} or {@code zip}). */
    public Path archive(Path out, String format) throws IOException {
        git(
                Optional.empty(),
                "archive",
                "--format=" + format,
                "--prefix=plugin/",
                "--output=" + out,
                commits.getLast());
        return out;
    }

    /** The {@code file://} URL of this bare repository. */
    public String url() {
        return dir.toAbsolutePath().toUri().toString();
    }

    public Path directory() {
        return dir;
    }

    public List<String> commits() {
        return List.copyOf(commits);
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(index);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String git(Optional<byte[]> stdin, String... args) throws IOException {
        var command = new ArrayList<>(List.of("git", "--git-dir=" + dir));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        var env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("GIT_"));
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_INDEX_FILE", index.toString());
        env.put("GIT_AUTHOR_NAME", "Fixture");
        env.put("GIT_AUTHOR_EMAIL", "fixture@example.org");
        env.put("GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z");
        env.put("GIT_COMMITTER_NAME", "Fixture");
        env.put("GIT_COMMITTER_EMAIL", "fixture@example.org");
        env.put("GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z");
        var process = builder.start();
        try (var in = process.getOutputStream()) {
            if (stdin.isPresent()) {
                in.write(stdin.get());
            }
        }
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (process.waitFor() != 0) {
                throw new IOException("git " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running git", e);
        }
        return output;
    }
}
