package io.appnet.shell;

import io.appnet.controller.policy.PolicyService;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:policy-remove web api tcp 8080}: the policy with exactly these parts goes, and its connections. */
@Service
@Command(scope = "appnet", name = "policy-remove", description = "Remove the policy with exactly these source,"
        + " destination, protocol and ports")
public class PolicyRemove extends PolicyVerb {

    public PolicyRemove() {
        super(PolicyService::delete, "removed: ", "no such policy: ");
    }
}
