package dev.gatehouse.cli;

/** A command ends with this exit code and message; the message is for the operator's eyes. */
final class CliFailure extends RuntimeException {

    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
