package dev.gatehouse.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @TempDir
    Path tmp;

    static List<Migration> migrations(String root) {
        return Migrations.load(DatabaseTest.class.getClassLoader(), root);
    }

    Database open(Path file, String root) {
        return Database.open(file, migrations(root), Clock.systemUTC());
    }

    static int number(Database db, String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
    }

    static String text(Database db, String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }

    static List<String> tables(Database db) {
        return db.jdbi()
                .withHandle(h -> h.createQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                        .mapTo(String.class)
                        .list());
    }

    @Test
    void aFreshDatabaseIsCreatedPrivateAndMigratedToTheNewestVersion() throws Exception {
        var file = tmp.resolve("home/data/gatehouse.db");
        try (var db = Database.open(file)) {
            assertThat(db.schemaVersion()).isEqualTo(2);
            assertThat(tables(db)).contains("schema_version", "api_keys", "config_digests");
            var recorded = db.jdbi().withHandle(h -> h.createQuery("SELECT version || ':' || name FROM schema_version")
                    .mapTo(String.class)
                    .list());
            assertThat(recorded).containsExactly("1:api_keys", "2:config_digests");
            assertThat(text(db, "PRAGMA journal_mode")).isEqualToIgnoringCase("wal");
            db.jdbi()
                    .useHandle(h -> h.execute("INSERT INTO api_keys (key_id, name, scopes, salt, secret_hash,"
                            + " created_at) VALUES ('k', 'n', '', x'00', x'00', 0)"));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        try (var siblings = Files.list(file.getParent())) {
            siblings.forEach(f -> {
                try {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                            .as(f.getFileName().toString())
                            .isEqualTo("rw-------");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    @Test
    void anExistingDatabaseWithLooseModeIsTightenedOnOpen() throws Exception {
        var file = tmp.resolve("loose.db");
        Database.open(file).close();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Database.open(file).close();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void reopeningAppliesNothingTwice() {
        var file = tmp.resolve("g.db");
        try (var db = open(file, "db/counter")) {
            db.jdbi().useHandle(h -> h.execute("UPDATE counter SET value = 41 WHERE id = 1"));
        }
        try (var db = open(file, "db/counter")) {
            assertThat(db.schemaVersion()).isEqualTo(1);
            assertThat(number(db, "SELECT value FROM counter WHERE id = 1")).isEqualTo(41);
            assertThat(number(db, "SELECT COUNT(*) FROM schema_version")).isEqualTo(1);
        }
    }

    @Test
    void aFailingMigrationLeavesThePreviousVersionAndNoHalfOfItself() {
        var file = tmp.resolve("g.db");
        open(file, "db/counter").close();
        assertThatThrownBy(() -> open(file, "db/failing")).isInstanceOfSatisfying(MigrationException.class, e -> {
            assertThat(e.databaseVersion()).isEqualTo(1);
            assertThat(e.migrationVersion()).isEqualTo(2);
            assertThat(e.getMessage()).contains("V2 (half_done) failed").contains("stays at version 1");
        });
        try (var db = open(file, "db/counter")) {
            assertThat(db.schemaVersion()).isEqualTo(1);
            assertThat(tables(db)).doesNotContain("half");
        }
    }

    @Test
    void aFailingMigrationOnAFreshFileLeavesVersionZero() {
        var file = tmp.resolve("fresh.db");
        assertThatThrownBy(() -> open(file, "db/failing"))
                .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.databaseVersion())
                        .isEqualTo(1));
        try (var db = open(file, "db/counter")) {
            // V1 committed on its own before V2 failed.
            assertThat(tables(db)).contains("counter").doesNotContain("half");
        }
    }

    @Test
    void aDatabaseNewerThanTheCodeIsRefused() {
        var file = tmp.resolve("g.db");
        int newest;
        try (var db = Database.open(file)) {
            newest = db.schemaVersion();
            db.jdbi()
                    .useHandle(h -> h.execute("INSERT INTO schema_version (version, name, applied_at) VALUES ("
                            + (newest + 1) + ", 'from_the_future', 0)"));
        }
        assertThatThrownBy(() -> Database.open(file)).isInstanceOfSatisfying(MigrationException.class, e -> {
            assertThat(e.databaseVersion()).isEqualTo(newest + 1);
            assertThat(e.migrationVersion()).isEqualTo(newest);
            assertThat(e.getMessage())
                    .contains("newer than this Gatehouse knows")
                    .contains("upgrade");
        });
    }

    @Test
    void foreignKeysAreEnforced() {
        try (var db = open(tmp.resolve("g.db"), "db/counter")) {
            assertThatThrownBy(() ->
                            db.jdbi().useHandle(h -> h.execute("INSERT INTO child (id, parent_id) VALUES (1, 9)")))
                    .hasMessageContaining("FOREIGN KEY");
        }
    }

    @Test
    void concurrentWritersOnTwoConnectionsLoseNothing() throws Exception {
        var file = tmp.resolve("g.db");
        int perWriter = 150;
        try (var a = open(file, "db/counter");
                var b = open(file, "db/counter");
                var pool = Executors.newFixedThreadPool(4)) {
            var tasks = new ArrayList<Callable<Void>>();
            for (var writer : List.of("a1", "a2", "b1", "b2")) {
                var db = writer.startsWith("a") ? a : b;
                tasks.add(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        int seq = i;
                        // Read, then write what was read plus one: a lost update would show in the sum.
                        db.jdbi().useTransaction(h -> {
                            int value = h.createQuery("SELECT value FROM counter WHERE id = 1")
                                    .mapTo(Integer.class)
                                    .one();
                            h.createUpdate("UPDATE counter SET value = :v WHERE id = 1")
                                    .bind("v", value + 1)
                                    .execute();
                            h.createUpdate("INSERT INTO entries (writer, seq) VALUES (:w, :s)")
                                    .bind("w", writer)
                                    .bind("s", seq)
                                    .execute();
                        });
                    }
                    return null;
                });
            }
            for (var f : pool.invokeAll(tasks, 2, TimeUnit.MINUTES)) {
                f.get();
            }
            assertThat(number(a, "SELECT value FROM counter WHERE id = 1")).isEqualTo(4 * perWriter);
            assertThat(number(b, "SELECT COUNT(DISTINCT writer || ':' || seq) FROM entries"))
                    .isEqualTo(4 * perWriter);
            assertThat(text(a, "PRAGMA integrity_check")).isEqualTo("ok");
        }
    }

    @Test
    void aClosedDatabaseRefusesUse() {
        var db = Database.open(tmp.resolve("g.db"));
        db.close();
        assertThatThrownBy(db::jdbi).isInstanceOf(StorageException.class).hasMessageContaining("closed");
    }

    @Test
    void theMigrationIndexListsEveryMigrationFileInOrder() throws Exception {
        var dir = Path.of("src/main/resources/db/migration");
        List<String> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".sql"))
                    .sorted()
                    .toList();
        }
        var indexed = Files.readAllLines(dir.resolve("index.txt")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        assertThat(indexed).containsExactlyInAnyOrderElementsOf(files);
        assertThat(migrations(Migrations.DEFAULT_ROOT))
                .extracting(Migration::version)
                .startsWith(1);
    }

    @Test
    void anIndexWithAGapIsRefused() throws Exception {
        var root = tmp.resolve("cp");
        Files.createDirectories(root.resolve("db/gap"));
        Files.writeString(root.resolve("db/gap/index.txt"), "V1__a.sql\nV3__c.sql\n");
        Files.writeString(root.resolve("db/gap/V1__a.sql"), "CREATE TABLE a (id INTEGER);");
        Files.writeString(root.resolve("db/gap/V3__c.sql"), "CREATE TABLE c (id INTEGER);");
        try (var loader =
                new java.net.URLClassLoader(new java.net.URL[] {root.toUri().toURL()}, null)) {
            assertThatThrownBy(() -> Migrations.load(loader, "db/gap"))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("found V3 at position 2");
        }
    }
}
