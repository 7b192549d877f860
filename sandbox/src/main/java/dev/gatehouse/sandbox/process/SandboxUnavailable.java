package dev.gatehouse.sandbox.process;

/** The process sandbox cannot be built on this machine; the message says how to fix it. */
public final class SandboxUnavailable extends Exception {

    private static final long serialVersionUID = 1L;

    public SandboxUnavailable(String message) {
        super(message);
    }
}
