package io.appnet.shell;

import io.appnet.controller.policy.PolicySpec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:policy-add web api tcp 8080}: lets one app open connections to another. */
@Service
@Command(scope = "appnet", name = "policy-add", description = "Allow an app to reach another app on a protocol and ports")
public class PolicyAdd extends PolicyVerb {

    @Override
    String run() throws Exception {
        PolicySpec spec = spec();
        boolean present = exists(spec);
        policies.create(List.of(spec)).get(10, TimeUnit.SECONDS);
        return (present ? "already present: " : "added: ") + spec;
    }
}
