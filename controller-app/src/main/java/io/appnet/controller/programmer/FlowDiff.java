package io.appnet.controller.programmer;

import io.appnet.openflow.action.Instructions;
import io.appnet.openflow.match.Match;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModCommand;
import io.appnet.openflow.message.FlowStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a switch needs to equal its desired flows: the flow-mods (deletes first, then adds and modifies)
 * and the foreign flows found (cookie outside appnet's space), which are reported and left alone. The
 * {@link SyncMarker} is neither. Pure.
 *
 * <p>Flows are compared as Open vSwitch prints them (table, priority, match text; cookie; instruction
 * text), so a flow read back from the switch equals the flow we would send when, and only when, the
 * switch would behave the same.
 */
public record FlowDiff(List<FlowMod> mods, List<FlowStats> foreign) {
    /** {@code cookie=0xa0../0xf0..}: the owner kinds of {@link io.appnet.compiler.flow.Cookie}. */
    public static final long COOKIE_SPACE_MASK = 0xf0L << 56;
    public static final long COOKIE_SPACE = 0xa0L << 56;

    public FlowDiff {
        mods = List.copyOf(mods);
        foreign = List.copyOf(foreign);
    }

    public static boolean ours(long cookie) {
        return (cookie & COOKIE_SPACE_MASK) == COOKIE_SPACE;
    }

    /**
     * The difference from {@code actual} (a flow-stats dump) to {@code desired} (translated ADDs). Flows are
     * paired by table, priority and match; structurally first (cheap: OXM order does not matter), then, for
     * what is left, by their ovs-ofctl text, in case the switch gave back an equal match encoded otherwise.
     * Instructions are compared the same way.
     */
    public static FlowDiff between(List<FlowMod> desired, List<FlowStats> actual) {
        Map<FlowKey, FlowStats> present = new HashMap<>();
        List<FlowStats> foreign = new ArrayList<>();
        for (FlowStats flow : actual) {
            if (SyncMarker.is(flow.cookie())) {
                continue; // the programmer keeps or deletes it
            } else if (ours(flow.cookie())) {
                present.put(new FlowKey(flow.tableId(), flow.priority(), flow.match()), flow);
            } else {
                foreign.add(flow);
            }
        }
        List<FlowMod> deletes = new ArrayList<>();
        List<FlowMod> changes = new ArrayList<>();
        List<FlowMod> unpaired = new ArrayList<>();
        for (FlowMod add : desired) {
            if (add.command() != FlowModCommand.ADD) {
                throw new IllegalArgumentException("desired flows are ADDs, not " + add.command());
            }
            FlowStats existing = present.remove(new FlowKey(add.tableId(), add.priority(), add.match()));
            if (existing == null) {
                unpaired.add(add);
            } else {
                compare(add, existing, deletes, changes);
            }
        }
        if (!unpaired.isEmpty()) {
            Map<String, FlowStats> presentByText = new HashMap<>();
            present.values().forEach(flow -> presentByText.put(textKey(flow.tableId(), flow.priority(), flow.match()),
                    flow));
            for (FlowMod add : unpaired) {
                FlowStats existing = presentByText.remove(textKey(add.tableId(), add.priority(), add.match()));
                if (existing == null) {
                    changes.add(add);
                } else {
                    present.remove(new FlowKey(existing.tableId(), existing.priority(), existing.match()));
                    compare(add, existing, deletes, changes);
                }
            }
        }
        for (FlowStats stale : present.values()) {
            deletes.add(deleteStrict(stale));
        }
        List<FlowMod> mods = new ArrayList<>(deletes);
        mods.addAll(changes);
        return new FlowDiff(mods, foreign);
    }

    private static void compare(FlowMod add, FlowStats existing, List<FlowMod> deletes, List<FlowMod> changes) {
        if (existing.cookie() != add.cookie()) {
            deletes.add(deleteStrict(existing));
            changes.add(add);
        } else if (!existing.instructions().equals(add.instructions()) && !Instructions.toOvsText(
                existing.instructions()).equals(Instructions.toOvsText(add.instructions()))) {
            changes.add(FlowMod.modifyStrict(add.tableId(), add.priority(), add.match(), add.instructions())
                    .withCookie(add.cookie(), FlowTranslator.FULL_COOKIE_MASK));
        }
    }

    /** Where a flow sits in a table: what OpenFlow's strict commands identify it by. */
    private record FlowKey(int table, int priority, Match match) {
    }

    public boolean isEmpty() {
        return mods.isEmpty();
    }

    /** {@code +added -deleted ~modified flows, n foreign}, as the reconcile log line says it. */
    public String summary() {
        long added = mods.stream().filter(mod -> mod.command() == FlowModCommand.ADD).count();
        long deleted = mods.stream().filter(mod -> mod.command() == FlowModCommand.DELETE_STRICT).count();
        return "+" + added + " -" + deleted + " ~" + (mods.size() - added - deleted) + " flows, " + foreign.size()
                + " foreign";
    }

    private static FlowMod deleteStrict(FlowStats flow) {
        return FlowMod.deleteStrict(flow.tableId(), flow.priority(), flow.match())
                .withCookie(flow.cookie(), FlowTranslator.FULL_COOKIE_MASK);
    }

    /** A flow's key (table, priority, match) as ovs-ofctl prints it: equal for equal matches encoded otherwise. */
    static String textKey(int table, int priority, Match match) {
        return table + "/" + priority + "/" + match.toOvsText();
    }
}
