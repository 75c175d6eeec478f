package io.appnet.controller.programmer;

import io.appnet.compiler.DatapathDelta;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an audit sends. Its read was diffed against the desired tables of the read's place in the message stream;
 * the deltas sent after the read have since rewritten some keys (table, priority, match). A drifted key no delta
 * touched gets the audit's own flow-mods. A rewritten one gets what is desired there now: the desired flow as an
 * ADD (which replaces whatever the switch holds at that key, whatever its cookie), or, if nothing is desired there
 * now, only the audit's deletes of flows it read (exact cookies: they cannot remove a flow a delta put there).
 * So a repair never undoes a later delta. Pure.
 */
final class DriftRepair {
    private DriftRepair() {
    }

    /** The flow-mods that bring each key in {@code drift} to what is desired after {@code sinceRead}, in order. */
    static List<FlowMod> repairs(List<FlowMod> drift, List<DatapathDelta> sinceRead) {
        if (drift.isEmpty() || sinceRead.isEmpty()) {
            return drift;
        }
        Map<String, Optional<FlowEntry>> desiredNow = new HashMap<>();
        for (DatapathDelta delta : sinceRead) {
            for (io.appnet.compiler.FlowMod mod : delta.mods()) {
                FlowEntry flow = mod.flow();
                desiredNow.put(FlowDiff.textKey(flow.table(), flow.priority(), FlowTranslator.match(flow.match())),
                        mod.command() == io.appnet.compiler.FlowMod.Command.DELETE ? Optional.empty()
                                : Optional.of(flow));
            }
        }
        List<FlowMod> repairs = new ArrayList<>();
        List<FlowMod> rewrittenAdds = new ArrayList<>();
        Set<String> added = new HashSet<>();
        for (FlowMod mod : drift) {
            String key = FlowDiff.textKey(mod.tableId(), mod.priority(), mod.match());
            Optional<FlowEntry> now = desiredNow.get(key);
            if (now == null) {
                repairs.add(mod);
            } else if (now.isPresent()) {
                if (added.add(key)) {
                    rewrittenAdds.add(FlowTranslator.add(now.get()));
                }
            } else if (mod.command() == FlowModCommand.DELETE_STRICT) {
                repairs.add(mod);
            }
        }
        repairs.addAll(rewrittenAdds);
        return repairs;
    }
}
