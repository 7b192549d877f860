package dev.gatehouse.plugins.source;

import dev.gatehouse.plugins.PluginException;
import java.util.Objects;

/**
 * A plugin tree entry was refused while it was being written or digested. The message names the
 * entry and the rule it broke; {@link #entry()} is the name as the source gave it, with control
 * characters escaped and long names shortened, so it is safe to print.
 */
public final class ExtractionException extends PluginException {

    /** Which hostile-input rule an entry broke. */
    public enum Reason {
        /** The name starts with {@code /} or a drive letter. */
        ABSOLUTE_PATH("its name is an absolute path"),
        /** The name has a {@code ..} segment. */
        PARENT_TRAVERSAL("its name climbs out with '..'"),
        /** A symbolic or hard link whose target lies outside the tree. */
        LINK_ESCAPES("it is a link whose target lies outside the tree"),
        /** A link that points at nothing usable: a hard link to a non-file, a loop of links. */
        BAD_LINK("it is a link that does not resolve to a file in the tree"),
        /** An entry would be written through a symbolic link. */
        WRITE_THROUGH_LINK("it would be written through a symbolic link"),
        /** A device, fifo, socket, sparse file or any type other than file, directory or link. */
        SPECIAL_FILE("it is a device, fifo or other special file"),
        /** A git submodule (gitlink); its content is not in the repository. */
        SUBMODULE("it is a git submodule, which plugins may not use"),
        /** More entries than {@link ExtractionLimits#maxEntries()}. */
        TOO_MANY_ENTRIES("the source has more entries than allowed"),
        /** More expanded bytes than {@link ExtractionLimits#maxExpandedBytes()}. */
        TOO_LARGE("the expanded tree grows beyond the size allowed"),
        /** Expanded bytes out of proportion to the compressed bytes read: a decompression bomb. */
        COMPRESSION_RATIO("it expands out of proportion to its compressed size"),
        /** The same name appears twice. */
        DUPLICATE_ENTRY("its name appears twice"),
        /** A name is used both as a file and as a directory. */
        PATH_CONFLICT("its name is already used by an entry of another type"),
        /** NUL, control characters, backslash, an empty name or one that is too long. */
        BAD_NAME("its name is empty, too long, or holds a control character or backslash");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        /** A short sentence fragment saying what is wrong, for messages. */
        public String description() {
            return description;
        }
    }

    private final String entry;
    private final Reason reason;

    ExtractionException(String rawEntry, Reason reason) {
        this(rawEntry, reason, null);
    }

    ExtractionException(String rawEntry, Reason reason, Throwable cause) {
        super("refused entry '" + Printable.of(rawEntry) + "': " + reason.description(), cause);
        this.entry = Printable.of(rawEntry);
        this.reason = Objects.requireNonNull(reason);
    }

    /** The entry's name as the source gave it, escaped so that it is safe to print. */
    public String entry() {
        return entry;
    }

    /** The rule the entry broke. */
    public Reason reason() {
        return reason;
    }
}
