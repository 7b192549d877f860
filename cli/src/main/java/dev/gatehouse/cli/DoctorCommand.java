package dev.gatehouse.cli;

import dev.gatehouse.audit.AuditConfig;
import dev.gatehouse.config.ConfigException;
import dev.gatehouse.storage.Database;
import dev.gatehouse.storage.StorageException;
import dev.gatehouse.vault.VaultException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "doctor",
        header = "Say how this Gatehouse is set up: home, configuration, vault, Java, bubblewrap, audit.",
        mixinStandardHelpOptions = true,
        description = {
            "Say how this Gatehouse is set up: home and its permissions, configuration, which vault",
            "backend holds the secrets and why, Java, bubblewrap, the database schema, and when a",
            "call's audit record counts as recorded (audit.acknowledge).",
            "Informational: it changes nothing and exits 0.",
            "With --disk it also times synced writes on the disk that holds the audit log."
        })
final class DoctorCommand implements Runnable {

    @Option(
            names = "--disk",
            description = "Also time fdatasync on the disk under $GATEHOUSE_HOME/audit (at most "
                    + DiskProbe.MAX_SYNCS
                    + " syncs or "
                    + DiskProbe.MAX_SECONDS
                    + " seconds): every tool call waits for its audit record's sync."
                    + " Writes a scratch file beside the log and removes it; the log itself is not touched.")
    boolean disk;

    private final Environment env;

    DoctorCommand(Environment env) {
        this.env = env;
    }

    @Override
    public void run() {
        var out = env.out();
        var home = env.home();
        out.println("home:       " + home + " " + homeState(home));
        var services = new Services(env, Services.FirstRunMode.NEVER);
        var config = config(services);
        out.println("config:     " + config.orElse("ok"));
        out.println(
                "vault:      " + (config.isPresent() ? "not checked (fix the configuration first)" : vault(services)));
        out.println(
                "java:       " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")");
        out.println("bubblewrap: " + bubblewrap());
        out.println("database:   " + database(services.home().database()));
        out.println(
                "audit:      " + (config.isPresent() ? "not checked (fix the configuration first)" : audit(services)));
        out.println("audit log:  "
                + (config.isPresent()
                        ? "not checked (fix the configuration first)"
                        : AuditIntegrity.check(services).line()));
        if (disk) {
            out.println("audit disk: " + DiskProbe.measure(services.home()));
        }
    }

    private static String homeState(Path home) {
        if (!Files.isDirectory(home)) {
            return "(does not exist yet; made on first use)";
        }
        try {
            var perms = Files.getPosixFilePermissions(home);
            var mode = PosixFilePermissions.toString(perms);
            boolean open = perms.stream()
                    .anyMatch(p -> p != PosixFilePermission.OWNER_READ
                            && p != PosixFilePermission.OWNER_WRITE
                            && p != PosixFilePermission.OWNER_EXECUTE);
            return "(mode " + mode + ", owner " + Files.getOwner(home).getName() + ")"
                    + (open ? " - others can see into it; chmod 700 " + home : "");
        } catch (UnsupportedOperationException | IOException e) {
            return "(permissions unknown: " + e.getClass().getSimpleName() + ")";
        }
    }

    private static Optional<String> config(Services services) {
        try {
            services.config();
            return Optional.empty();
        } catch (ConfigException e) {
            return Optional.of(
                    e.problems().size() + " problem(s), first: " + e.problems().getFirst());
        }
    }

    private static String vault(Services services) {
        var notices = new StringBuilder();
        try (var vault = services.vault(notices::append)) {
            // Listing proves the key opens the file and the file is whole, without decrypting a value.
            int entries = vault.list().size();
            return vault.backend() + "; " + entries + " entr" + (entries == 1 ? "y" : "ies") + " readable";
        } catch (VaultException e) {
            return "PROBLEM: " + e.getMessage();
        }
    }

    private static String audit(Services services) {
        var audit = services.config().section(AuditConfig.SECTION);
        return AuditHolder.acknowledgement(audit.acknowledge(), audit.syncInterval());
    }

    private String bubblewrap() {
        for (var dir : env.searchPath().split(java.io.File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            var candidate = Path.of(dir).resolve("bwrap");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return "installed at " + candidate + " (process-tier plugins can be isolated)";
            }
        }
        return "not found on PATH (informational: process-tier plugins need it; install the bubblewrap package)";
    }

    private static String database(Path file) {
        if (!Files.exists(file)) {
            return "not created yet (" + file + ")";
        }
        try (var db = Database.open(file)) {
            return "schema version " + db.schemaVersion() + " (" + file + ")";
        } catch (StorageException e) {
            return "PROBLEM: " + e.getMessage();
        }
    }
}
