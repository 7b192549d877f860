package dev.gatehouse.plugins.source;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A plugin tree written by {@link SourceFetcher}.
 *
 * @param root the plugin's root: the fetch target, or the single top-level directory when the
 *     source wrapped everything in one folder and held no manifest at its top
 * @param commit the full commit id a git source resolved to; empty for other sources
 * @param pinnedByUs true when a git source named no {@code #ref} and HEAD was resolved, so the
 *     operator should be told the plugin is now pinned to {@link #commit()}
 */
public record FetchedTree(Path root, Optional<String> commit, boolean pinnedByUs) {

    public FetchedTree {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(commit, "commit");
    }
}
