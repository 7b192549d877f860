package dev.gatehouse.config;

import java.util.Optional;

/**
 * The rule for a file-system location someone grants: an absolute path, or {@value #WORKSPACE}
 * optionally followed by {@code /sub/dir}, written exactly and normalized. One rule for every place
 * a path is granted (plugin manifests' {@code capabilities.fs_read}/{@code fs_write}, the
 * operator's builtin file roots), so a path can never be exact here and loose there.
 */
public final class GrantedPathSyntax {

    /** The placeholder for the session's workspace directory. */
    public static final String WORKSPACE = "${workspace}";

    /** The usual PATH_MAX: no longer path could be opened, and it bounds what a hostile entry costs. */
    private static final int MAX_LENGTH = 4096;

    private GrantedPathSyntax() {}

    /**
     * Why {@code path} is not granted as written, as a sentence fragment safe to show after the
     * quoted path; empty when it is an exact, normalized location.
     */
    public static Optional<String> problem(String path) {
        String relative;
        if (path.equals(WORKSPACE)) {
            return Optional.empty();
        } else if (path.startsWith(WORKSPACE + "/")) {
            relative = path.substring(WORKSPACE.length() + 1);
        } else if (path.startsWith("/")) {
            if (path.equals("/")) {
                return Optional.of("would grant the whole file system");
            }
            relative = path.substring(1);
        } else {
            return Optional.of("must be absolute or start with " + WORKSPACE);
        }
        if (path.length() > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        // A placeholder other than a leading ${workspace} would be expanded by nobody and mean nothing.
        if (path.chars().anyMatch(c -> Character.isISOControl(c) || c == '\\') || relative.contains("${")) {
            return Optional.of("contains characters a path may not have here");
        }
        for (var segment : relative.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Optional.of("must be normalized: no empty, '.' or '..' parts and no trailing '/'");
            }
        }
        return Optional.empty();
    }
}
