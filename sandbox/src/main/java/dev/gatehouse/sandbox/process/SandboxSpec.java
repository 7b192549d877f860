package dev.gatehouse.sandbox.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one process-tier plugin may see and touch, as its manifest and the operator's consent say.
 *
 * @param tree the installed plugin tree, mounted read-only at the same path
 * @param stateDir the plugin's state directory, the only place it may write unless {@code writePaths} says more;
 *     also its {@code HOME}
 * @param readPaths declared {@code fs.read} paths, mounted read-only at the same path
 * @param writePaths declared {@code fs.write} paths, mounted read-write at the same path
 * @param env the environment the plugin gets, and nothing else (PATH, LANG and HOME are added)
 * @param network whether the plugin declared hosts it may reach (through the egress proxy); the
 *     sandbox's own network namespace is always new and empty
 * @param command the program and its arguments, looked up on the sandbox's PATH
 */
public record SandboxSpec(
        Path tree,
        Path stateDir,
        List<Path> readPaths,
        List<Path> writePaths,
        Map<String, String> env,
        boolean network,
        List<String> command) {

    public SandboxSpec {
        readPaths = List.copyOf(readPaths);
        writePaths = List.copyOf(writePaths);
        env = Map.copyOf(env);
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a process plugin needs a command");
        }
    }
}
