package dev.gatehouse.sandbox.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What a plugin's server writes to stderr, kept for the operator: each line redacted first (it is
 * hostile output that may quote a secret), cut at {@link #MAX_LINE_CHARS}, control characters
 * replaced, and the file capped: past {@link #MAX_BYTES} it becomes {@code NAME.log.1} (replacing
 * the previous one) and a new file starts. A plugin can fill at most twice the cap on disk.
 */
public final class PluginLog {

    static final int MAX_LINE_CHARS = 4096;
    static final long MAX_BYTES = 1024 * 1024;

    private final Path file;
    private final UnaryOperator<String> redactor;
    private final Clock clock;

    public PluginLog(Path file, UnaryOperator<String> redactor, Clock clock) {
        this.file = file;
        this.redactor = redactor;
        this.clock = clock;
    }

    /** Appends one line; a failure to write costs the line, never the call. */
    public synchronized void append(String line) {
        var text = redactor.apply(line == null ? "" : line);
        if (text.length() > MAX_LINE_CHARS) {
            text = text.substring(0, MAX_LINE_CHARS) + "...";
        }
        text = text.replaceAll("[\\p{Cntrl}&&[^\\t]]", "?");
        var record = clock.instant() + " " + text + "\n";
        try {
            Files.createDirectories(
                    file.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (Files.exists(file) && Files.size(file) > MAX_BYTES) {
                Files.move(file, rotated(file), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.writeString(
                    file,
                    record,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            // The log is for the operator's eyes; the plugin's call goes on without it.
        }
    }

    static Path rotated(Path file) {
        return file.resolveSibling(file.getFileName() + ".1");
    }

    /** The last {@code lines} lines of a plugin's log (the rotated part first), for {@code plugins logs}. */
    public static List<String> tail(Path file, int lines) throws IOException {
        var window = new ArrayDeque<String>();
        for (var part : List.of(rotated(file), file)) {
            if (!Files.exists(part)) {
                continue;
            }
            try (var reader = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    window.addLast(line);
                    if (window.size() > lines) {
                        window.removeFirst();
                    }
                }
            }
        }
        return new ArrayList<>(window);
    }
}
