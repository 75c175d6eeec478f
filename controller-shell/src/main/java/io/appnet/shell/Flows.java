package io.appnet.shell;

import io.appnet.compiler.flow.FlowEntry;
import io.appnet.controller.core.Controller;
import io.appnet.controller.programmer.FlowDiff;
import io.appnet.controller.programmer.FlowTranslator;
import io.appnet.controller.programmer.SwitchSync;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModCommand;
import io.appnet.openflow.message.FlowSelection;
import io.appnet.openflow.message.FlowStats;
import io.appnet.openflow.message.FlowStatsReply;
import io.appnet.openflow.message.FlowStatsRequest;
import io.appnet.openflow.text.FlowText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code appnet:flows h1}: the flows the switch really holds, in ovs-ofctl syntax, each marked against the
 * compiled tables: two spaces when desired, {@code -} ours but not desired, {@code ~} desired with other
 * actions, {@code ?} foreign; then {@code +} for desired flows the switch lacks.
 */
@Service
@Command(scope = "appnet", name = "flows", description = "Show a host's switch flows, marking drift from the"
        + " compiled tables")
public class Flows extends PrintingAction {

    @Reference
    Controller controller;

    @Argument(index = 0, name = "host", required = true, description = "Host id")
    @Completion(HostCompleter.class)
    String host;

    @Override
    String run() throws Exception {
        SwitchSync sync = ConnectedSwitch.of(controller, host);
        OfConnection connection = sync.connection().orElseThrow(
                () -> new IllegalStateException("the switch of host " + host + " went away"));
        List<FlowStats> actual = ((FlowStatsReply) connection.multipart(new FlowStatsRequest(FlowSelection.all()))
                .get(30, TimeUnit.SECONDS)).flows();
        List<FlowMod> desired = new ArrayList<>();
        for (FlowEntry flow : sync.programmer().desired()) {
            desired.add(FlowTranslator.add(flow));
        }
        FlowDiff diff = FlowDiff.between(desired, actual);
        Set<String> stale = new HashSet<>();
        Set<String> changed = new HashSet<>();
        List<String> missing = new ArrayList<>();
        for (FlowMod mod : diff.mods()) {
            String key = key(mod.tableId(), mod.priority(), mod.match().toOvsText());
            if (mod.command() == FlowModCommand.DELETE_STRICT) {
                stale.add(key);
            } else if (mod.command() == FlowModCommand.MODIFY_STRICT) {
                changed.add(key);
            } else {
                missing.add("+ " + FlowText.of(mod));
            }
        }
        StringBuilder out = new StringBuilder();
        for (FlowStats flow : actual) {
            String key = key(flow.tableId(), flow.priority(), flow.match().toOvsText());
            String mark = !FlowDiff.ours(flow.cookie()) ? "? " : stale.contains(key) ? "- "
                    : changed.contains(key) ? "~ " : "  ";
            out.append(mark).append(FlowText.of(flow)).append('\n');
        }
        missing.forEach(line -> out.append(line).append('\n'));
        out.append(actual.size()).append(" flows on the switch, ").append(diff.summary())
                .append(" to reach the compiled tables");
        return out.toString();
    }

    private static String key(int table, int priority, String match) {
        return table + "/" + priority + "/" + match;
    }
}
