package io.appnet.shell;

import io.appnet.controller.policy.PolicyService;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:policy-add web api tcp 8080}: lets one app open connections to another. */
@Service
@Command(scope = "appnet", name = "policy-add", description = "Allow an app to reach another app on a protocol and ports")
public class PolicyAdd extends PolicyVerb {

    public PolicyAdd() {
        super(PolicyService::create, "already present: ", "added: ");
    }
}
