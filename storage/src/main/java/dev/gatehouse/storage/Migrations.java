package dev.gatehouse.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The migrations on the classpath under a root folder. Class path folders cannot be listed
 * portably (a jar is not a directory), so the folder carries an {@code index.txt} naming its
 * files, one a line; a test checks that the index and the folder agree.
 */
final class Migrations {

    static final String DEFAULT_ROOT = "db/migration";
    static final Pattern FILE_NAME = Pattern.compile("V([1-9][0-9]{0,5})__([a-z0-9_]{1,64})\\.sql");
    private static final int MAX_SCRIPT_BYTES = 1024 * 1024;

    private Migrations() {}

    /** The migrations in version order; versions must run 1, 2, 3... without gaps. */
    static List<Migration> load(ClassLoader loader, String root) {
        var index = read(loader, root + "/index.txt");
        var migrations = new ArrayList<Migration>();
        for (var line : index.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            var m = FILE_NAME.matcher(line);
            if (!m.matches()) {
                throw new StorageException("migration index " + root + " names a file that is not V<n>__<name>.sql");
            }
            int version = Integer.parseInt(m.group(1));
            if (version != migrations.size() + 1) {
                throw new StorageException(
                        "migration index " + root + " must list versions 1, 2, 3... in order; found V" + version
                                + " at position " + (migrations.size() + 1));
            }
            migrations.add(new Migration(version, m.group(2), read(loader, root + "/" + line)));
        }
        return List.copyOf(migrations);
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new StorageException("missing class path resource " + resource);
            }
            var bytes = in.readNBytes(MAX_SCRIPT_BYTES + 1);
            if (bytes.length > MAX_SCRIPT_BYTES) {
                throw new StorageException("class path resource " + resource + " is too large");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StorageException("cannot read class path resource " + resource, e);
        }
    }
}
