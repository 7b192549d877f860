package dev.gatehouse.builtins;

import dev.gatehouse.api.tool.ExecutionGrant;
import dev.gatehouse.api.tool.ToolHandler;
import dev.gatehouse.api.tool.ToolOutput;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code files} builtin: list, read, write and delete inside the operator's roots. Every
 * path is the caller's, relative to a root; the root's own location is never shown.
 */
final class FilesTools implements ToolHandler {

    static final String LIST = "files_list";
    static final String READ = "files_read";
    static final String WRITE = "files_write";
    static final String DELETE = "files_delete";
    static final List<String> TOOLS = List.of(LIST, READ, WRITE, DELETE);

    static final int MAX_LIST_ENTRIES = 1000;

    private final FileRoots roots;
    private final BuiltinsConfig.Files config;

    FilesTools(BuiltinsConfig.Files config, Optional<java.nio.file.Path> workspace) {
        this.config = config;
        this.roots = new FileRoots(config, workspace);
    }

    @Override
    public ToolOutput call(String tool, Map<String, Object> arguments, ExecutionGrant grant) throws IOException {
        try {
            return switch (tool) {
                case LIST -> list(new Arguments(FileRoots.PLUGIN, arguments, Set.of("root", "path")), grant);
                case READ ->
                    new FileReading(config.maxReadBytes())
                            .read(
                                    new Arguments(
                                            FileRoots.PLUGIN, arguments, Set.of("root", "path", "offset", "length")),
                                    roots,
                                    grant);
                case WRITE ->
                    new FileWriting(config.maxWriteBytes())
                            .write(
                                    new Arguments(
                                            FileRoots.PLUGIN,
                                            arguments,
                                            Set.of("root", "path", "content", "create_parents")),
                                    roots,
                                    grant);
                case DELETE -> delete(new Arguments(FileRoots.PLUGIN, arguments, Set.of("root", "path")), grant);
                default -> throw new BuiltinsException(FileRoots.PLUGIN, "no tool named " + Quote.of(tool));
            };
        } catch (Refusal r) {
            return ToolOutput.error(r.getMessage());
        } catch (java.nio.file.InvalidPathException e) {
            // The caller's name is not one the file system can hold; their input, not our failure.
            return ToolOutput.error("the path is not a valid file name");
        }
    }

    /**
     * {@code path} as the tools walk it: {@link RelativePath}'s names joined by {@code /}. A path
     * it refuses (a {@code ..}, an absolute path) is left as it is, for the tool to refuse with its
     * own message.
     */
    @Override
    public Map<String, Object> normalize(String tool, Map<String, Object> arguments) {
        if (arguments == null || !(arguments.get("path") instanceof String path)) {
            return arguments;
        }
        RelativePath parsed;
        try {
            parsed = RelativePath.parse(FileRoots.PLUGIN, path);
        } catch (Refusal r) {
            return arguments;
        }
        var normalized = new java.util.LinkedHashMap<>(arguments);
        normalized.put("path", String.join("/", parsed.names()));
        return java.util.Collections.unmodifiableMap(normalized);
    }

    static Optional<String> rootName(Arguments args) {
        return args.optionalString("root", 64);
    }

    private ToolOutput list(Arguments args, ExecutionGrant grant) throws IOException {
        var rootDir = roots.choose(rootName(args), false, grant);
        var path = RelativePath.parse(
                FileRoots.PLUGIN,
                args.optionalString("path", RelativePath.MAX_CHARS).orElse(""));
        var confinement = new Confinement(rootDir, path);
        var entries = new ArrayList<Map<String, Object>>();
        boolean truncated;
        try (var place = confinement.walk(path.names(), true, false)) {
            if (!place.exists()) {
                throw confinement.notFound();
            }
            if (!place.isDirectory()) {
                throw new Refusal(FileRoots.PLUGIN, Refusal.Kind.PATH, path.shown() + " is not a directory");
            }
            truncated = list(place, entries);
        }
        entries.sort(java.util.Comparator.comparing(e -> (String) e.get("name")));
        var text = new StringBuilder();
        for (var e : entries) {
            text.append(e.get("type"))
                    .append('\t')
                    .append(e.getOrDefault("size", "-"))
                    .append('\t')
                    .append(Quote.of((String) e.get("name")))
                    .append('\n');
        }
        if (truncated) {
            text.append("(listing stopped at ").append(MAX_LIST_ENTRIES).append(" entries)\n");
        }
        var structured = new LinkedHashMap<String, Object>();
        structured.put("path", path.text());
        structured.put("entries", List.copyOf(entries));
        structured.put("truncated", truncated);
        return new ToolOutput(List.of(new ToolOutput.Content.Text(text.toString())), Optional.of(structured), false);
    }

    /** Lists through the directory's handle; each entry's type is read without following it. */
    private static boolean list(Confinement.Place place, List<Map<String, Object>> entries) throws IOException {
        var directory = place.name().isEmpty() ? place.directory() : open(place);
        try {
            for (var child : directory) {
                if (entries.size() == MAX_LIST_ENTRIES) {
                    return true;
                }
                var name = child.getFileName();
                var attributes = Confinement.lstat(directory, name);
                if (attributes.isPresent()) {
                    entries.add(entry(name.toString(), attributes.get()));
                }
            }
            return false;
        } finally {
            if (directory != place.directory()) {
                directory.close();
            }
        }
    }

    private static SecureDirectoryStream<java.nio.file.Path> open(Confinement.Place place) throws IOException {
        try {
            return place.directory().newDirectoryStream(place.entry(), LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException e) {
            throw new Refusal(FileRoots.PLUGIN, Refusal.Kind.PATH, "the directory changed while it was being opened");
        }
    }

    private static Map<String, Object> entry(String name, BasicFileAttributes attributes) {
        var entry = new LinkedHashMap<String, Object>();
        entry.put("name", name);
        entry.put("type", type(attributes));
        if (attributes.isRegularFile()) {
            entry.put("size", attributes.size());
        }
        return entry;
    }

    static String type(BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return "link";
        }
        if (attributes.isDirectory()) {
            return "directory";
        }
        return attributes.isRegularFile() ? "file" : "other";
    }

    private ToolOutput delete(Arguments args, ExecutionGrant grant) throws IOException {
        var rootDir = roots.choose(rootName(args), true, grant);
        var path = RelativePath.parse(FileRoots.PLUGIN, args.requiredString("path", RelativePath.MAX_CHARS));
        if (path.isRoot()) {
            throw new Refusal(FileRoots.PLUGIN, Refusal.Kind.PATH, "the root itself cannot be deleted");
        }
        var confinement = new Confinement(rootDir, path);
        try (var place = confinement.walk(path.names(), false, false)) {
            if (!place.exists()) {
                throw confinement.notFound();
            }
            if (!place.isRegularFile()) {
                throw new Refusal(
                        FileRoots.PLUGIN,
                        Refusal.Kind.PATH,
                        path.shown() + " is a " + type(place.attributes().orElseThrow()) + "; only files are deleted");
            }
            // unlinkat through the directory's handle: it removes a link itself, never its target,
            // should one have been swapped in, and cannot reach a directory outside the root.
            try {
                place.directory().deleteFile(place.entry());
            } catch (java.nio.file.NoSuchFileException e) {
                throw confinement.notFound();
            } catch (FileSystemException e) {
                throw confinement.changed();
            }
            return ToolOutput.text("deleted " + path.shown());
        }
    }
}
