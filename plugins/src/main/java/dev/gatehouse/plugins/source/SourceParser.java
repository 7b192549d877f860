package dev.gatehouse.plugins.source;

import dev.gatehouse.plugins.source.SourceException.Problem;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Repository;

/** Turns operator text into a {@link PluginSource}. */
final class SourceParser {

    static final String ACCEPTED = "a local directory, a local .zip, .tar.gz or .tgz file, or a git URL"
            + " (file://, https://, ssh://, git:// or user@host:path) with an optional #tag, #branch or #commit";

    private static final Set<String> GIT_SCHEMES = Set.of("file", "https", "ssh", "git");
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://");
    // user@host:path as git understands it: no slash before the colon, and not host://.
    private static final Pattern SCP_LIKE = Pattern.compile("^[A-Za-z0-9._~-]+@[A-Za-z0-9.-]+:(?!//)[^\\s]+$");
    private static final Pattern USERINFO_PASSWORD = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://[^/@:]*):[^/@]*@");

    private SourceParser() {}

    static PluginSource parse(String text) {
        if (text == null || text.isBlank()) {
            throw unrecognized("", "the source is empty");
        }
        var trimmed = text.strip();
        if (hasControl(trimmed)) {
            throw unrecognized(trimmed, "the source holds control characters");
        }
        if (SCHEME.matcher(trimmed).find() || SCP_LIKE.matcher(trimmed).matches()) {
            return git(trimmed);
        }
        return local(trimmed);
    }

    private static PluginSource git(String text) {
        int hash = text.indexOf('#');
        var url = hash < 0 ? text : text.substring(0, hash);
        Optional<String> ref = hash < 0 ? Optional.empty() : Optional.of(text.substring(hash + 1));
        // The record refuses schemes, URLs and refs it must not hold; built first, so that its
        // scheme check (the only one) decides before anything else here.
        var source = new PluginSource.GitRepository(url, ref);
        var path = url.toLowerCase(Locale.ROOT);
        if (path.endsWith(".zip") || path.endsWith(".tar.gz") || path.endsWith(".tgz")) {
            throw unrecognized(url, "remote archives are not fetched; download the archive and give its local path");
        }
        return source;
    }

    private static PluginSource local(String text) {
        Path path;
        try {
            path = Path.of(text).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new SourceException(
                    Problem.UNRECOGNIZED_FORM,
                    text,
                    "'" + Printable.of(text) + "' is not a valid path; accepted: " + ACCEPTED,
                    e);
        }
        if (Files.isDirectory(path)) {
            return new PluginSource.Directory(path);
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new SourceException(
                    Problem.NOT_FOUND, text, "'" + Printable.of(text) + "' does not exist; accepted: " + ACCEPTED);
        }
        var name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isRegularFile(path) && name.endsWith(".zip")) {
            return new PluginSource.ZipArchive(path);
        }
        if (Files.isRegularFile(path) && (name.endsWith(".tar.gz") || name.endsWith(".tgz"))) {
            return new PluginSource.TarGzArchive(path);
        }
        throw unrecognized(text, "it is neither a directory nor a .zip, .tar.gz or .tgz file");
    }

    /** Refuses URLs that {@link PluginSource.GitRepository} must not hold, however it was built. */
    static void checkGitUrl(String url) {
        if (url.isBlank() || hasControl(url) || url.indexOf('#') >= 0 || url.startsWith("-")) {
            throw unrecognized(url, "it is not a git URL");
        }
        var scheme = SCHEME.matcher(url);
        if (scheme.find()) {
            var name = scheme.group(1).toLowerCase(Locale.ROOT);
            if (!GIT_SCHEMES.contains(name)) {
                var hint = name.equals("http") ? " (plain http is refused; use https)" : "";
                throw new SourceException(
                        Problem.UNSUPPORTED_SCHEME,
                        redact(url),
                        "the URL scheme '" + Printable.of(name) + "' is not accepted" + hint + "; accepted: "
                                + ACCEPTED);
            }
            if (url.length() == scheme.end()) {
                throw unrecognized(url, "the URL names no repository");
            }
            return;
        }
        if (!SCP_LIKE.matcher(url).matches()) {
            throw unrecognized(url, "it is not a git URL");
        }
    }

    /**
     * A ref is a tag, a branch or a (possibly abbreviated) commit id. Refusing anything git itself
     * would refuse keeps option-like or path-like text away from the transport.
     */
    static void checkRef(String url, String ref) {
        boolean valid = !ref.isEmpty()
                && ref.length() <= 255
                && !ref.startsWith("-")
                && !hasControl(ref)
                && Repository.isValidRefName("refs/tags/" + ref);
        if (!valid) {
            throw new SourceException(
                    Problem.UNRECOGNIZED_FORM,
                    redact(url) + "#" + ref,
                    "'#" + Printable.of(ref) + "' is not a valid tag, branch or commit id");
        }
    }

    /** The URL without the password of its user info, if it has one. */
    static String redact(String url) {
        var m = USERINFO_PASSWORD.matcher(url);
        var shown = m.find() ? m.group(1) + ":***@" + url.substring(m.end()) : url;
        return Printable.of(shown);
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static SourceException unrecognized(String text, String why) {
        return new SourceException(
                Problem.UNRECOGNIZED_FORM,
                redact(text),
                "cannot use '" + redact(text) + "' as a plugin source: " + why + "; accepted: " + ACCEPTED);
    }
}
