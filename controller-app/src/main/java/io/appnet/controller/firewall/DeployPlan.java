package io.appnet.controller.firewall;

import io.appnet.controller.programmer.FlowDiff;
import io.appnet.openflow.match.Match;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModCommand;
import io.appnet.openflow.message.FlowStats;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a firewall goes from the rules it has to the rules it needs without a window, make before break: first every
 * add and modify ({@link #make}), then, after a barrier, the deletes of rules no longer needed ({@link #breaks}).
 * An add whose table, priority and match are installed replaces that rule in one step (OpenFlow 1.3's ADD of an
 * identical match and priority), so the delete {@link FlowDiff} pairs with such an add is left out. Until the
 * barrier after the make step, the device holds the old rules and the new ones: whatever either allows passes,
 * nothing else. Foreign rules (cookie outside appnet's space) are left alone. Pure.
 */
public record DeployPlan(List<FlowMod> make, List<FlowMod> breaks, List<FlowStats> foreign) {

    public DeployPlan {
        make = List.copyOf(make);
        breaks = List.copyOf(breaks);
        foreign = List.copyOf(foreign);
    }

    /** From {@code installed} (a flow-stats dump of the device) to {@code desired} (translated ADDs). */
    public static DeployPlan between(List<FlowMod> desired, List<FlowStats> installed) {
        FlowDiff diff = FlowDiff.between(desired, installed);
        List<FlowMod> make = new ArrayList<>();
        Set<String> made = new HashSet<>();
        for (FlowMod mod : diff.mods()) {
            if (mod.command() != FlowModCommand.DELETE_STRICT) {
                make.add(mod);
                made.add(key(mod.tableId(), mod.priority(), mod.match()));
            }
        }
        List<FlowMod> breaks = new ArrayList<>();
        for (FlowMod mod : diff.mods()) {
            if (mod.command() == FlowModCommand.DELETE_STRICT && !made.contains(key(mod.tableId(), mod.priority(),
                    mod.match()))) {
                breaks.add(mod);
            }
        }
        return new DeployPlan(make, breaks, diff.foreign());
    }

    public boolean isEmpty() {
        return make.isEmpty() && breaks.isEmpty();
    }

    /** {@code +made -broken}, for the log and the device's state. */
    public String summary() {
        return "+" + make.size() + " -" + breaks.size() + " rules";
    }

    private static String key(int table, int priority, Match match) {
        return table + "/" + priority + "/" + match.toOvsText();
    }
}
