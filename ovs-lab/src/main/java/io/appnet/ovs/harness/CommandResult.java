package io.appnet.ovs.harness;

import java.util.List;

/** What a finished command left: its exit code and both output streams. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    public CommandResult {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Standard output of a command that must have succeeded. */
    public String stdoutOrThrow() {
        if (!succeeded()) {
            throw new CommandFailedException(this);
        }
        return stdout;
    }
}
