package dev.gatehouse.sandbox.process;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seccomp filter a process-tier plugin runs under: a classic-BPF program, built here without
 * native code, that bubblewrap installs ({@code --seccomp FD}) just before it starts the plugin.
 * It refuses what an MCP server never needs: debugging other processes, the kernel keyrings, BPF,
 * perf events, mounting, {@code io_uring}, new namespaces, loading modules, and the like. A refused
 * call fails with {@code EPERM}; {@code clone3} fails with {@code ENOSYS}, so the C library falls
 * back to {@code clone}, whose flags bubblewrap's {@code --disable-userns} already holds in check.
 * A call from another ABI (x32, or 32-bit code) kills the process: the numbers below would not
 * mean the same there.
 *
 * <p>Only x86-64 is described; on another architecture {@link #forThisMachine()} is empty and the
 * tier refuses to start a plugin (fail closed) rather than run it unfiltered.
 */
public final class SeccompFilter {

    /** {@code AUDIT_ARCH_X86_64}. */
    static final int AUDIT_ARCH_X86_64 = 0xC000003E;

    /** Syscall numbers at or above this are the x32 ABI's. */
    static final int X32_SYSCALL_BIT = 0x40000000;

    static final int RET_KILL_PROCESS = 0x80000000;
    static final int RET_ALLOW = 0x7fff0000;
    static final int RET_ERRNO = 0x00050000;
    static final int EPERM = 1;
    static final int ENOSYS = 38;

    /** The refused calls by x86-64 number, and why, for the docs and the tests. */
    public static final Map<String, Integer> REFUSED = refused();

    /** Answered with ENOSYS rather than EPERM: its flags live in memory a filter cannot read. */
    public static final Map<String, Integer> NOT_IMPLEMENTED = Map.of("clone3", 435);

    private static Map<String, Integer> refused() {
        var m = new LinkedHashMap<String, Integer>();
        // Reading or steering other processes.
        m.put("ptrace", 101);
        m.put("process_vm_readv", 310);
        m.put("process_vm_writev", 311);
        // The kernel keyrings.
        m.put("add_key", 248);
        m.put("request_key", 249);
        m.put("keyctl", 250);
        // BPF programs and perf events.
        m.put("bpf", 321);
        m.put("perf_event_open", 298);
        // Mounting and changing the file system view.
        m.put("mount", 165);
        m.put("umount2", 166);
        m.put("pivot_root", 155);
        m.put("chroot", 161);
        m.put("fsopen", 430);
        m.put("fsconfig", 431);
        m.put("fsmount", 432);
        m.put("fspick", 433);
        m.put("move_mount", 429);
        m.put("open_tree", 428);
        m.put("mount_setattr", 442);
        m.put("open_by_handle_at", 304);
        // New namespaces and entering others.
        m.put("unshare", 272);
        m.put("setns", 308);
        // io_uring, which does I/O past the filter.
        m.put("io_uring_setup", 425);
        m.put("io_uring_enter", 426);
        m.put("io_uring_register", 427);
        // The machine itself: modules, kexec, reboot, swap, clocks, accounting, the kernel log.
        m.put("init_module", 175);
        m.put("finit_module", 313);
        m.put("delete_module", 176);
        m.put("kexec_load", 246);
        m.put("kexec_file_load", 320);
        m.put("reboot", 169);
        m.put("swapon", 167);
        m.put("swapoff", 168);
        m.put("settimeofday", 164);
        m.put("clock_settime", 227);
        m.put("clock_adjtime", 305);
        m.put("adjtimex", 159);
        m.put("acct", 163);
        m.put("syslog", 103);
        m.put("quotactl", 179);
        m.put("userfaultfd", 323);
        return java.util.Collections.unmodifiableMap(m);
    }

    private SeccompFilter() {}

    /** The program for this machine's architecture, or empty where none is described. */
    public static Optional<byte[]> forThisMachine() {
        var arch = System.getProperty("os.arch", "");
        return arch.equals("amd64") || arch.equals("x86_64") ? Optional.of(x86_64()) : Optional.empty();
    }

    /** The program as {@code struct sock_filter[]}: 8 bytes an instruction, in the machine's byte order. */
    static byte[] x86_64() {
        var program = new ArrayList<int[]>();
        var refused = List.copyOf(REFUSED.values());
        var enosys = List.copyOf(NOT_IMPLEMENTED.values());
        int rules = refused.size() + enosys.size();
        // Layout: 0-3 the architecture, 4 the x32 bit, 5.. one check a call, then allow, EPERM, ENOSYS.
        int allow = 5 + rules;
        int deny = allow + 1;
        int notImplemented = deny + 1;
        program.add(stmt(BPF_LD | BPF_W | BPF_ABS, 4));
        program.add(jump(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0));
        program.add(stmt(BPF_RET | BPF_K, RET_KILL_PROCESS));
        program.add(stmt(BPF_LD | BPF_W | BPF_ABS, 0));
        program.add(jump(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, offset(4, notImplemented + 1), 0));
        int at = 5;
        for (var nr : refused) {
            program.add(jump(BPF_JMP | BPF_JEQ | BPF_K, nr, offset(at, deny), 0));
            at++;
        }
        for (var nr : enosys) {
            program.add(jump(BPF_JMP | BPF_JEQ | BPF_K, nr, offset(at, notImplemented), 0));
            at++;
        }
        program.add(stmt(BPF_RET | BPF_K, RET_ALLOW));
        program.add(stmt(BPF_RET | BPF_K, RET_ERRNO | EPERM));
        program.add(stmt(BPF_RET | BPF_K, RET_ERRNO | ENOSYS));
        // The x32 jump lands one past the end: the kill below.
        program.add(stmt(BPF_RET | BPF_K, RET_KILL_PROCESS));
        var bytes = ByteBuffer.allocate(program.size() * 8).order(ByteOrder.nativeOrder());
        for (var insn : program) {
            bytes.putShort((short) insn[0])
                    .put((byte) insn[1])
                    .put((byte) insn[2])
                    .putInt(insn[3]);
        }
        return bytes.array();
    }

    private static int offset(int from, int to) {
        int skip = to - from - 1;
        if (skip < 0 || skip > 255) {
            throw new IllegalStateException("a seccomp jump of " + skip + " does not fit");
        }
        return skip;
    }

    // Classic BPF opcodes (linux/filter.h, linux/bpf_common.h).
    private static final int BPF_LD = 0x00;
    private static final int BPF_W = 0x00;
    private static final int BPF_ABS = 0x20;
    private static final int BPF_JMP = 0x05;
    private static final int BPF_JEQ = 0x10;
    private static final int BPF_JGE = 0x30;
    private static final int BPF_K = 0x00;
    private static final int BPF_RET = 0x06;

    private static int[] stmt(int code, int k) {
        return new int[] {code, 0, 0, k};
    }

    private static int[] jump(int code, int k, int jt, int jf) {
        return new int[] {code, jt, jf, k};
    }
}
