package io.appnet.compiler;

import io.appnet.compiler.flow.FlowEntry;
import java.util.Objects;
import java.util.Optional;

/**
 * One change to a datapath's flow table. A MODIFY keeps the flow's key (table, priority, match) and
 * changes its instructions or cookie; {@link #replaced()} is the flow it replaces. (OpenFlow 1.3
 * modify does not rewrite a cookie, so a controller sends a cookie change as delete + add.)
 */
public final class FlowMod {

    public enum Command { ADD, MODIFY, DELETE }

    private final Command command;
    private final FlowEntry flow;
    private final FlowEntry replaced;

    private FlowMod(Command command, FlowEntry flow, FlowEntry replaced) {
        this.command = command;
        this.flow = flow;
        this.replaced = replaced;
    }

    public static FlowMod add(FlowEntry flow) {
        return new FlowMod(Command.ADD, flow, null);
    }

    public static FlowMod delete(FlowEntry flow) {
        return new FlowMod(Command.DELETE, flow, null);
    }

    public static FlowMod modify(FlowEntry replaced, FlowEntry flow) {
        if (!replaced.key().equals(flow.key())) {
            throw new IllegalArgumentException("a modify keeps the flow's key: " + replaced + " vs " + flow);
        }
        return new FlowMod(Command.MODIFY, flow, replaced);
    }

    public Command command() {
        return command;
    }

    /** The flow added or deleted, or the new version of a modified flow. */
    public FlowEntry flow() {
        return flow;
    }

    public Optional<FlowEntry> replaced() {
        return Optional.ofNullable(replaced);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FlowMod that && command == that.command && flow.equals(that.flow)
                && Objects.equals(replaced, that.replaced);
    }

    @Override
    public int hashCode() {
        return Objects.hash(command, flow, replaced);
    }

    /** {@code + flow}, {@code - flow} or {@code ~ flow}, in dump-flows syntax. */
    @Override
    public String toString() {
        return switch (command) {
            case ADD -> "+ " + flow;
            case DELETE -> "- " + flow;
            case MODIFY -> "~ " + flow;
        };
    }
}
