package dev.gatehouse.plugins.source;

import dev.gatehouse.plugins.source.SourceException.Problem;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Finds the commit a git source names: a tag, then a branch, then a full or abbreviated commit id;
 * HEAD when there is no ref. The ref is looked up literally, never handed to {@link
 * Repository#resolve}, so revision syntax ({@code HEAD~1}, {@code @{u}}, {@code :path}) means
 * nothing.
 */
final class RefResolver {

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{4,40}");

    private RefResolver() {}

    static RevCommit resolve(Repository repo, PluginSource.GitRepository source) throws IOException {
        if (source.ref().isEmpty()) {
            var head = repo.exactRef("HEAD");
            if (head == null || head.getObjectId() == null) {
                throw new SourceException(
                        Problem.REF_NOT_FOUND,
                        source.display(),
                        "the repository " + source.display()
                                + " has no HEAD commit; name a tag, branch or commit with #");
            }
            return commit(repo, source, head.getObjectId());
        }
        var ref = source.ref().get();
        for (var prefix : new String[] {"refs/tags/", "refs/heads/"}) {
            var found = repo.exactRef(prefix + ref);
            if (found != null && found.getObjectId() != null) {
                return commit(repo, source, found.getObjectId());
            }
        }
        if (HEX.matcher(ref).matches()) {
            return commit(repo, source, byId(repo, source, ref.toLowerCase(Locale.ROOT)));
        }
        throw notFound(source, "no tag, branch or commit id of that name");
    }

    private static ObjectId byId(Repository repo, PluginSource.GitRepository source, String hex) throws IOException {
        if (ObjectId.isId(hex)) {
            var id = ObjectId.fromString(hex);
            if (!repo.getObjectDatabase().has(id)) {
                throw notFound(source, "no commit with that id");
            }
            return id;
        }
        try (var reader = repo.newObjectReader()) {
            var matches = reader.resolve(AbbreviatedObjectId.fromString(hex));
            if (matches.isEmpty()) {
                throw notFound(source, "no commit with that id");
            }
            if (matches.size() > 1) {
                throw notFound(source, "the abbreviated id is ambiguous; give more digits");
            }
            return matches.iterator().next();
        }
    }

    /** Peels annotated tags; anything that is not finally a commit is refused. */
    private static RevCommit commit(Repository repo, PluginSource.GitRepository source, AnyObjectId id)
            throws IOException {
        try (var walk = new RevWalk(repo)) {
            return walk.parseCommit(id);
        } catch (IncorrectObjectTypeException | MissingObjectException e) {
            throw new SourceException(
                    Problem.REF_NOT_FOUND,
                    source.display(),
                    "'#" + Printable.of(source.ref().orElse("HEAD")) + "' in " + SourceParser.redact(source.url())
                            + " does not name a commit",
                    e);
        }
    }

    private static SourceException notFound(PluginSource.GitRepository source, String why) {
        return new SourceException(
                Problem.REF_NOT_FOUND,
                source.display(),
                "'#" + Printable.of(source.ref().orElse("")) + "' not found in " + SourceParser.redact(source.url())
                        + ": " + why + " (looked for a tag, a branch, then a commit id)");
    }
}
