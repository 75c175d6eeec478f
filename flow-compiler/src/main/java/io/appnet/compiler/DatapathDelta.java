package io.appnet.compiler;

import io.appnet.compiler.model.HostId;
import java.util.ArrayList;
import java.util.List;

/**
 * The flow-mods one datapath needs, to be applied in order, with the flow counts before and after. The compiler
 * puts deletes first, then modifies, then adds; a delta made by {@link #then} holds one such run per update.
 */
public record DatapathDelta(HostId datapath, List<FlowMod> mods, int flowsBefore, int flowsAfter) {

    public DatapathDelta {
        mods = List.copyOf(mods);
    }

    /** This delta followed by {@code later}, for the same datapath: applying it is applying both in turn. */
    public DatapathDelta then(DatapathDelta later) {
        if (!later.datapath.equals(datapath)) {
            throw new IllegalArgumentException("delta for " + later.datapath + " cannot follow one for " + datapath);
        }
        List<FlowMod> both = new ArrayList<>(mods.size() + later.mods.size());
        both.addAll(mods);
        both.addAll(later.mods);
        return new DatapathDelta(datapath, both, flowsBefore, later.flowsAfter);
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
