package io.appnet.shell;

import io.appnet.controller.egress.DestinationRecord;
import io.appnet.controller.egress.EgressException;
import io.appnet.controller.egress.EgressPolicyRecord;
import io.appnet.controller.egress.EgressPolicySpec;
import io.appnet.controller.egress.EgressService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:egress-policy-create web db}: lets an app (or, with --space, a group's apps) reach a destination. */
@Service
@Command(scope = "appnet", name = "egress-policy-create", description = "Allow an app or a group (space) to reach"
        + " an egress destination")
public class EgressPolicyCreate extends PrintingAction {

    @Reference
    EgressService egress;

    @Argument(index = 0, name = "source", required = true, description = "App GUID, or group id with --space")
    @Completion(AppCompleter.class)
    String source;

    @Argument(index = 1, name = "destination", required = true, description = "The destination's name or id")
    String destination;

    @Option(name = "--space", description = "The source is a group (a Cloud Foundry space)")
    boolean space;

    @Option(name = "--lifecycle", description = "running, staging or all (default all; stored and shown only)")
    String lifecycle;

    @Override
    String run() throws Exception {
        DestinationRecord found = egress.find(destination)
                .orElseThrow(() -> new EgressException("unknown destination '" + destination + "'"));
        var created = egress.createEgressPolicies(List.of(new EgressPolicySpec(space ? EgressPolicySpec.SPACE
                : EgressPolicySpec.APP, source, found.id(), lifecycle)));
        created.programmed().get(10, TimeUnit.SECONDS);
        EgressPolicyRecord policy = created.value().get(0);
        return "created: egress policy " + policy.id().value() + ": " + policy.spec().sourceType() + " " + source
                + " -> " + found.destination().name();
    }
}
