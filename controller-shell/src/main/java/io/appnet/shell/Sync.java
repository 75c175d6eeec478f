package io.appnet.shell;

import io.appnet.compiler.model.HostId;
import io.appnet.controller.programmer.FlowDiff;
import io.appnet.controller.programmer.NetworkProgrammer;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:sync h1}: reconciles the host's switch now and says what it changed. */
@Service
@Command(scope = "appnet", name = "sync", description = "Reconcile a host's switch with its compiled tables now")
public class Sync extends PrintingAction {

    @Reference
    NetworkProgrammer programmer;

    @Argument(index = 0, name = "host", required = true, description = "Host id")
    @Completion(HostCompleter.class)
    String host;

    @Override
    String run() throws Exception {
        FlowDiff diff = programmer.connected(HostId.of(host)).resync().get(30, TimeUnit.SECONDS);
        return "host " + host + ": " + (diff == null
                ? "its switch is not connected; it is reconciled when it connects" : diff.summary());
    }
}
