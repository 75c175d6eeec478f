package io.appnet.ovs.harness;

/** A command that the harness needed to succeed exited non-zero or did not finish in time. */
public final class CommandFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CommandFailedException(CommandResult result) {
        super("command failed (exit " + result.exitCode() + "): " + String.join(" ", result.command())
                + (result.stderr().isBlank() ? "" : "\n" + result.stderr().strip()));
    }

    CommandFailedException(String message) {
        super(message);
    }
}
