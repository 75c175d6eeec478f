package io.appnet.controller.programmer;

import io.appnet.openflow.action.Instructions;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModCommand;
import io.appnet.openflow.message.FlowStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a switch needs to equal its desired flows: the flow-mods (deletes first, then adds and modifies)
 * and the foreign flows found (cookie outside appnet's space), which are reported and left alone. Pure.
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

    /** The difference from {@code actual} (a flow-stats dump) to {@code desired} (translated ADDs). */
    public static FlowDiff between(List<FlowMod> desired, List<FlowStats> actual) {
        Map<String, FlowStats> present = new HashMap<>();
        List<FlowStats> foreign = new ArrayList<>();
        for (FlowStats flow : actual) {
            if (ours(flow.cookie())) {
                present.put(key(flow.tableId(), flow.priority(), flow.match().toOvsText()), flow);
            } else {
                foreign.add(flow);
            }
        }
        List<FlowMod> deletes = new ArrayList<>();
        List<FlowMod> changes = new ArrayList<>();
        Map<String, FlowMod> wanted = new LinkedHashMap<>();
        for (FlowMod add : desired) {
            if (add.command() != FlowModCommand.ADD) {
                throw new IllegalArgumentException("desired flows are ADDs, not " + add.command());
            }
            wanted.put(key(add.tableId(), add.priority(), add.match().toOvsText()), add);
        }
        for (var entry : wanted.entrySet()) {
            FlowMod add = entry.getValue();
            FlowStats existing = present.remove(entry.getKey());
            if (existing == null) {
                changes.add(add);
            } else if (existing.cookie() != add.cookie()) {
                deletes.add(deleteStrict(existing));
                changes.add(add);
            } else if (!Instructions.toOvsText(existing.instructions()).equals(Instructions.toOvsText(add.instructions()))) {
                changes.add(FlowMod.modifyStrict(add.tableId(), add.priority(), add.match(), add.instructions())
                        .withCookie(add.cookie(), FlowTranslator.FULL_COOKIE_MASK));
            }
        }
        for (FlowStats stale : present.values()) {
            deletes.add(deleteStrict(stale));
        }
        List<FlowMod> mods = new ArrayList<>(deletes);
        mods.addAll(changes);
        return new FlowDiff(mods, foreign);
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

    private static String key(int table, int priority, String match) {
        return table + "/" + priority + "/" + match;
    }
}
