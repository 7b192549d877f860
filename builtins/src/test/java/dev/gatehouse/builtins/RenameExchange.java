package dev.gatehouse.builtins;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * Swaps two names atomically with Linux's {@code renameat2(RENAME_EXCHANGE)}, the move an attacker
 * inside a root makes to turn a checked directory into a link and back, over and over. Test code
 * only: the product calls no native function.
 */
final class RenameExchange {

    private static final int AT_FDCWD = -100;
    private static final int RENAME_EXCHANGE = 2;

    @SuppressWarnings("restricted") // the test JVM is started with --enable-native-access (builtins/pom.xml)
    private static final MethodHandle RENAMEAT2 = Linker.nativeLinker()
            .downcallHandle(
                    Linker.nativeLinker().defaultLookup().find("renameat2").orElseThrow(),
                    FunctionDescriptor.of(
                            ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT,
                            ValueLayout.ADDRESS,
                            ValueLayout.JAVA_INT,
                            ValueLayout.ADDRESS,
                            ValueLayout.JAVA_INT));

    private RenameExchange() {}

    /** @return whether the kernel swapped them */
    static boolean swap(Path a, Path b) {
        try (var arena = Arena.ofConfined()) {
            int rc = (int) RENAMEAT2.invokeExact(
                    AT_FDCWD,
                    arena.allocateFrom(a.toString()),
                    AT_FDCWD,
                    arena.allocateFrom(b.toString()),
                    RENAME_EXCHANGE);
            return rc == 0;
        } catch (Throwable e) {
            throw new IllegalStateException("renameat2 failed", e);
        }
    }
}
