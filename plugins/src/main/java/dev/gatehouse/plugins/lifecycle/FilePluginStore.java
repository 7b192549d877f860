package dev.gatehouse.plugins.lifecycle;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Keeps each plugin's record as {@code plugins/<name>/record.json}, replaced atomically. */
final class FilePluginStore implements PluginStore {

    static final String RECORD_FILE = "record.json";

    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final Path pluginsDir;

    FilePluginStore(Path pluginsDir) {
        this.pluginsDir = pluginsDir;
    }

    @Override
    public Optional<PluginRecord> find(String name) {
        var file = pluginsDir.resolve(name).resolve(RECORD_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), PluginRecord.class));
        } catch (IOException e) {
            throw new LifecycleException(
                    LifecycleException.Reason.STORAGE,
                    name,
                    "the record of plugin " + name + " is unreadable: " + file,
                    e);
        }
    }

    @Override
    public List<PluginRecord> all() {
        if (!Files.isDirectory(pluginsDir)) {
            return List.of();
        }
        var out = new ArrayList<PluginRecord>();
        try (Stream<Path> dirs = Files.list(pluginsDir)) {
            for (var dir : dirs.sorted().toList()) {
                var name = dir.getFileName().toString();
                if (!name.startsWith(".")) {
                    find(name).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            throw new LifecycleException(LifecycleException.Reason.STORAGE, "", "cannot list " + pluginsDir, e);
        }
        return out;
    }

    @Override
    public void save(PluginRecord record) {
        writeAtomically(pluginsDir.resolve(record.name()).resolve(RECORD_FILE), record);
    }

    static void writeAtomically(Path file, PluginRecord record) {
        var tmp = file.resolveSibling(RECORD_FILE + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.write(tmp, JSON.writeValueAsBytes(record));
            try (var ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new LifecycleException(
                    LifecycleException.Reason.STORAGE,
                    record.name(),
                    "cannot write the record of plugin " + record.name() + ": " + e.getMessage(),
                    e);
        }
    }
}
