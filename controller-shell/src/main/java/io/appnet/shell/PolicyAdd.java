package io.appnet.shell;

import io.appnet.controller.policy.PolicyFilter;
import io.appnet.controller.policy.PolicyRecord;
import io.appnet.controller.policy.PolicyService;
import io.appnet.controller.policy.PolicySpec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:policy-add web api tcp 8080}: lets one app open connections to another. */
@Service
@Command(scope = "appnet", name = "policy-add", description = "Allow an app to reach another app on a protocol and ports")
public class PolicyAdd extends PrintingAction {

    @Reference
    PolicyService policies;

    @Argument(index = 0, name = "source", required = true, description = "Source app GUID")
    @Completion(AppCompleter.class)
    String source;

    @Argument(index = 1, name = "destination", required = true, description = "Destination app GUID")
    @Completion(AppCompleter.class)
    String destination;

    @Argument(index = 2, name = "protocol", required = true, description = "tcp, udp, icmp or all")
    String protocol;

    @Argument(index = 3, name = "ports", description = "For tcp and udp: a port (8080) or a range (8000-8080)")
    String ports;

    @Override
    String run() throws Exception {
        PolicySpec spec = PolicyArguments.spec(source, destination, protocol, ports);
        boolean present = policies.list(PolicyFilter.all()).stream().map(PolicyRecord::spec).anyMatch(spec::equals);
        policies.create(List.of(spec)).get(10, TimeUnit.SECONDS);
        return (present ? "already present: " : "added: ") + spec;
    }
}
