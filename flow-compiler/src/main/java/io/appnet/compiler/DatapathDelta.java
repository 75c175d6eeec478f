package io.appnet.compiler;

import io.appnet.compiler.model.HostId;
import java.util.List;

/**
 * The flow-mods one datapath needs, deletes first, then modifies, then adds, with the flow counts
 * before and after.
 */
public record DatapathDelta(HostId datapath, List<FlowMod> mods, int flowsBefore, int flowsAfter) {

    public DatapathDelta {
        mods = List.copyOf(mods);
    }

    public long count(FlowMod.Command command) {
        return mods.stream().filter(mod -> mod.command() == command).count();
    }

    /** {@code host: +a -d ~m flows, before -> after}, then one line per flow-mod. */
    public String render() {
        StringBuilder text = new StringBuilder();
        text.append(datapath).append(": +").append(count(FlowMod.Command.ADD))
                .append(" -").append(count(FlowMod.Command.DELETE))
                .append(" ~").append(count(FlowMod.Command.MODIFY))
                .append(" flows, ").append(flowsBefore).append(" -> ").append(flowsAfter).append('\n');
        for (FlowMod mod : mods) {
            text.append("  ").append(mod).append('\n');
        }
        return text.toString();
    }
}
