package dev.gatehouse.plugins.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;

/**
 * Builds a real bare git repository for tests, commit by commit, writing objects directly so that
 * modes git porcelain would not produce from a work tree (symlinks anywhere, gitlinks) are easy.
 * Files carry over from one commit to the next, like a work tree. Serve it with {@link #url()}.
 */
public final class GitRepos implements AutoCloseable {

    private static final PersonIdent AUTHOR =
            new PersonIdent("Fixture", "fixture@example.org", Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);

    private record Blob(FileMode mode, byte[] content, ObjectId gitlink) {}

    private final Path dir;
    private final Repository repo;
    private final Map<String, Blob> files = new TreeMap<>();
    private final List<String> commits = new ArrayList<>();

    private GitRepos(Path dir, Repository repo) {
        this.dir = dir;
        this.repo = repo;
    }

    /** A new, empty bare repository at {@code dir}, HEAD on branch {@code main}. */
    public static GitRepos create(Path dir) throws IOException {
        var repo = new FileRepository(dir.toFile());
        repo.create(true);
        var head = repo.updateRef(Constants.HEAD);
        head.link("refs/heads/main");
        return new GitRepos(dir, repo);
    }

    public GitRepos file(String path, String content) {
        files.put(path, new Blob(FileMode.REGULAR_FILE, content.getBytes(StandardCharsets.UTF_8), null));
        return this;
    }

    public GitRepos executable(String path, String content) {
        files.put(path, new Blob(FileMode.EXECUTABLE_FILE, content.getBytes(StandardCharsets.UTF_8), null));
        return this;
    }

    public GitRepos symlink(String path, String target) {
        files.put(path, new Blob(FileMode.SYMLINK, target.getBytes(StandardCharsets.UTF_8), null));
        return this;
    }

    /** A submodule entry (gitlink, mode 160000) pointing at a commit of another repository. */
    public GitRepos submodule(String path, String commit) {
        files.put(path, new Blob(FileMode.GITLINK, null, ObjectId.fromString(commit)));
        return this;
    }

    public GitRepos remove(String path) {
        files.remove(path);
        return this;
    }

    /** Commits the current files on the current branch; returns the full commit id. */
    public String commit(String message) throws IOException {
        try (var inserter = repo.newObjectInserter()) {
            var index = DirCache.newInCore();
            var builder = index.builder();
            for (var e : files.entrySet()) {
                var entry = new DirCacheEntry(e.getKey());
                entry.setFileMode(e.getValue().mode());
                entry.setObjectId(
                        e.getValue().gitlink() != null
                                ? e.getValue().gitlink()
                                : inserter.insert(
                                        Constants.OBJ_BLOB, e.getValue().content()));
                builder.add(entry);
            }
            builder.finish();
            var commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            var head = repo.resolve(Constants.HEAD);
            if (head != null) {
                commit.setParentId(head);
            }
            commit.setAuthor(AUTHOR);
            commit.setCommitter(AUTHOR);
            commit.setMessage(message);
            var id = inserter.insert(commit);
            inserter.flush();
            var update = repo.updateRef(Constants.HEAD);
            update.setNewObjectId(id);
            update.setForceUpdate(true);
            check(update.update(), "HEAD");
            commits.add(id.name());
            return id.name();
        }
    }

    /** A lightweight tag on the last commit. */
    public GitRepos tag(String name) throws IOException {
        return ref(Constants.R_TAGS + name, repo.resolve(Constants.HEAD));
    }

    /** An annotated tag on the last commit. */
    public GitRepos annotatedTag(String name) throws IOException {
        try (var inserter = repo.newObjectInserter()) {
            var tag = new TagBuilder();
            tag.setTag(name);
            tag.setObjectId(repo.resolve(Constants.HEAD), Constants.OBJ_COMMIT);
            tag.setTagger(AUTHOR);
            tag.setMessage("release " + name);
            var id = inserter.insert(tag);
            inserter.flush();
            return ref(Constants.R_TAGS + name, id);
        }
    }

    /** A branch at the last commit (HEAD stays where it is). */
    public GitRepos branch(String name) throws IOException {
        return ref(Constants.R_HEADS + name, repo.resolve(Constants.HEAD));
    }

    /** The {@code file://} URL of this bare repository. */
    public String url() {
        return dir.toAbsolutePath().toUri().toString();
    }

    public List<String> commits() {
        return List.copyOf(commits);
    }

    private GitRepos ref(String name, ObjectId id) throws IOException {
        var update = repo.updateRef(name);
        update.setNewObjectId(id);
        update.setForceUpdate(true);
        check(update.update(), name);
        return this;
    }

    private static void check(RefUpdate.Result result, String ref) throws IOException {
        switch (result) {
            case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> {}
            default -> throw new IOException("could not update " + ref + ": " + result);
        }
    }

    @Override
    public void close() {
        repo.close();
    }
}
