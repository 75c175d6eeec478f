package io.appnet.shell;

import io.appnet.controller.topology.TopologyService;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:host-forget h1}: releases a host that is gone for good (its lease, instances and switch binding). */
@Service
@Command(scope = "appnet", name = "host-forget", description = "Release a disconnected host's lease and instances now")
public class HostForget extends PrintingAction {

    @Reference
    TopologyService topology;

    @Argument(index = 0, name = "host", required = true, description = "Host id")
    @Completion(HostCompleter.class)
    String host;

    @Override
    String run() throws Exception {
        topology.forget(host).get(30, TimeUnit.SECONDS);
        return "host " + host + " forgotten: its lease is released and its instances removed";
    }
}
