package io.appnet.shell;

import io.appnet.controller.status.FlowReport;
import io.appnet.controller.status.StatusService;
import java.time.Duration;
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
    private static final Duration SWITCH_WAIT = Duration.ofSeconds(30);

    @Reference
    StatusService status;

    @Argument(index = 0, name = "host", required = true, description = "Host id")
    @Completion(HostCompleter.class)
    String host;

    @Override
    String run() throws Exception {
        FlowReport report = status.flows(host, SWITCH_WAIT);
        StringBuilder out = new StringBuilder();
        report.lines().forEach(line -> out.append(line.mark().symbol()).append(line.flow()).append('\n'));
        out.append(report.flowsOnSwitch()).append(" flows on the switch, ").append(report.summary())
                .append(" to reach the compiled tables");
        return out.toString();
    }
}
