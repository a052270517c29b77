package dev.nabla.cli.shell;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The few C library calls the shell needs and Java does not offer (through the FFM API): {@code chdir} for
 * {@code .cd} (so that the engine's relative file names follow, as they do in sqlite3 and DuckDB), and
 * {@code dup2}/{@code close} for the launcher's stderr. Each returns false where the C library or native
 * access is unavailable.
 */
public final class Posix {
    private Posix() {}

    private static Optional<MethodHandle> handle(String name, FunctionDescriptor fd) {
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            return libc.find(name).map(addr -> linker.downcallHandle(addr, fd));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty(); // no native access here (a locked-down JVM, another platform)
        }
    }

    /** Changes the process's working directory; false when it failed or cannot be done here. */
    public static boolean chdir(String dir) {
        Optional<MethodHandle> h = handle("chdir", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        if (h.isEmpty()) return false;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment path = arena.allocateFrom(dir);
            return (int) h.get().invokeExact(path) == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    /** {@code dup2(from, to)} then {@code close(from)}: true when {@code to} now refers to what {@code from} did. */
    public static boolean moveDescriptor(int from, int to) {
        FunctionDescriptor intInt =
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
        Optional<MethodHandle> dup2 = handle("dup2", intInt);
        Optional<MethodHandle> close =
                handle("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        if (dup2.isEmpty() || close.isEmpty()) return false;
        try {
            if ((int) dup2.get().invokeExact(from, to) != to) return false;
            int ignored = (int) close.get().invokeExact(from);
            return true;
        } catch (Throwable e) {
            return false;
        }
    }
}
