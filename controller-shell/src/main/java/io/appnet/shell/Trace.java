package io.appnet.shell;

import io.appnet.compiler.model.Protocol;
import io.appnet.controller.status.StatusService;
import io.appnet.controller.trace.PolicyTracer;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code appnet:trace web 10.255.1.10 tcp 8080}: whether the app would reach that address, and why, by running a
 * hypothetical packet through the compiled tables of every host it crosses (nothing is sent).
 */
@Service
@Command(scope = "appnet", name = "trace", description = "Trace a hypothetical packet from an app to an address"
        + " through the compiled tables")
public class Trace extends PrintingAction {

    @Reference
    StatusService status;

    @Argument(index = 0, name = "source", required = true, description = "Source app GUID (its first instance sends)")
    @Completion(AppCompleter.class)
    String source;

    @Argument(index = 1, name = "destination", required = true, description = "Destination IPv4 address")
    String destination;

    @Argument(index = 2, name = "protocol", required = true, description = "tcp, udp, icmp or all")
    String protocol;

    @Argument(index = 3, name = "port", description = "Destination port (tcp and udp)")
    int port;

    @Override
    String run() {
        return status.trace(source, PolicyTracer.destination(destination), Protocol.parse(protocol), port).render();
    }
}
