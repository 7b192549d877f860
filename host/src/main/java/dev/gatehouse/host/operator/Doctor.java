package dev.gatehouse.host.operator;

import dev.gatehouse.api.operator.DoctorCheck;
import dev.gatehouse.api.operator.Operator;
import dev.gatehouse.config.ConfigException;
import dev.gatehouse.storage.Database;
import dev.gatehouse.storage.StorageException;
import dev.gatehouse.vault.VaultException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How this Gatehouse is set up, one check at a time; informational, it changes nothing. */
final class Doctor {

    private static final String FIX_CONFIG_FIRST = "not checked (fix the configuration first)";

    private final HostOperator operator;

    Doctor(HostOperator operator) {
        this.operator = operator;
    }

    List<DoctorCheck> checks(Operator.DoctorOptions options) {
        var checks = new ArrayList<DoctorCheck>();
        var home = operator.home().root();
        checks.add(homeState(home));
        var config = config();
        checks.add(new DoctorCheck("config", config.orElse("ok"), config.isPresent()));
        checks.add(config.isPresent() ? new DoctorCheck("vault", FIX_CONFIG_FIRST, false) : vault());
        checks.add(new DoctorCheck(
                "java", Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")", false));
        checks.add(bubblewrap(options.searchPath()));
        var sandbox = dev.gatehouse.sandbox.process.ProcessTier.probe(options.searchPath())
                .unavailable();
        checks.add(new DoctorCheck(
                "sandbox",
                sandbox.map(why -> "process plugins cannot run: " + why)
                        .orElse("process plugins run under bubblewrap, seccomp and cgroup limits"),
                false));
        checks.add(database(operator.home().database()));
        checks.add(new DoctorCheck(
                "audit",
                config.isPresent() ? FIX_CONFIG_FIRST : operator.audit().acknowledgement(),
                false));
        if (config.isPresent()) {
            checks.add(new DoctorCheck("audit log", FIX_CONFIG_FIRST, false));
        } else {
            var integrity = operator.audit().integrity();
            checks.add(new DoctorCheck("audit log", integrity.line(), !integrity.ok()));
        }
        if (options.disk()) {
            var measured = DiskProbe.measure(operator.home());
            checks.add(new DoctorCheck("audit disk", measured, measured.contains("PROBLEM")));
        }
        return List.copyOf(checks);
    }

    private static DoctorCheck homeState(Path home) {
        if (!Files.isDirectory(home)) {
            return new DoctorCheck("home", home + " (does not exist yet; made on first use)", false);
        }
        try {
            var perms = Files.getPosixFilePermissions(home);
            var mode = PosixFilePermissions.toString(perms);
            boolean open = perms.stream()
                    .anyMatch(p -> p != PosixFilePermission.OWNER_READ
                            && p != PosixFilePermission.OWNER_WRITE
                            && p != PosixFilePermission.OWNER_EXECUTE);
            return new DoctorCheck(
                    "home",
                    home + " (mode " + mode + ", owner " + Files.getOwner(home).getName() + ")"
                            + (open ? " - others can see into it; chmod 700 " + home : ""),
                    open);
        } catch (UnsupportedOperationException | IOException e) {
            return new DoctorCheck(
                    "home", home + " (permissions unknown: " + e.getClass().getSimpleName() + ")", false);
        }
    }

    private Optional<String> config() {
        try {
            operator.config();
            return Optional.empty();
        } catch (ConfigException e) {
            return Optional.of(
                    e.problems().size() + " problem(s), first: " + e.problems().getFirst());
        }
    }

    private DoctorCheck vault() {
        // Quietly: a notice (a new master key) is for the commands that use the vault, not for doctor.
        try (var vault = operator.vault(notice -> {})) {
            // Listing proves the key opens the file and the file is whole, without decrypting a value.
            int entries = vault.list().size();
            return new DoctorCheck(
                    "vault",
                    vault.backend() + "; " + entries + " entr" + (entries == 1 ? "y" : "ies") + " readable",
                    false);
        } catch (VaultException | dev.gatehouse.api.operator.OperatorException e) {
            return new DoctorCheck("vault", "PROBLEM: " + e.getMessage(), true);
        }
    }

    private static DoctorCheck bubblewrap(String searchPath) {
        for (var dir : searchPath.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            var candidate = Path.of(dir).resolve("bwrap");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return new DoctorCheck(
                        "bubblewrap", "installed at " + candidate + " (process-tier plugins can be isolated)", false);
            }
        }
        return new DoctorCheck(
                "bubblewrap",
                "not found on PATH (informational: process-tier plugins need it; install the bubblewrap package)",
                false);
    }

    private static DoctorCheck database(Path file) {
        if (!Files.exists(file)) {
            return new DoctorCheck("database", "not created yet (" + file + ")", false);
        }
        try (var db = Database.open(file)) {
            return new DoctorCheck("database", "schema version " + db.schemaVersion() + " (" + file + ")", false);
        } catch (StorageException e) {
            return new DoctorCheck("database", "PROBLEM: " + e.getMessage(), true);
        }
    }
}
