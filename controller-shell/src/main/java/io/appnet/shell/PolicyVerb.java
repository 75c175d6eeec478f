package io.appnet.shell;

import io.appnet.controller.policy.PolicyException;
import io.appnet.controller.policy.PolicyFilter;
import io.appnet.controller.policy.PolicyRecord;
import io.appnet.controller.policy.PolicyService;
import io.appnet.controller.policy.PolicySpec;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/**
 * A verb that names one policy (add, remove): its arguments are source, destination, protocol and ports like
 * 8080 or 8000-8080, checked by the same rules and messages as the REST API; it applies the change, waits for
 * the switches and says whether the policy was there before. Karaf reads the annotated fields of superclasses
 * too.
 */
abstract class PolicyVerb extends PrintingAction {

    /** Asks the policy service for the change. */
    @FunctionalInterface
    interface Change {
        CompletableFuture<Void> apply(PolicyService policies, List<PolicySpec> policy);
    }

    private final Change change;
    private final String ifExisted;
    private final String ifNot;

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

    /** {@code ifExisted} and {@code ifNot} are printed before the policy, by whether it existed before the change. */
    PolicyVerb(Change change, String ifExisted, String ifNot) {
        this.change = change;
        this.ifExisted = ifExisted;
        this.ifNot = ifNot;
    }

    @Override
    final String run() throws Exception {
        PolicySpec spec = spec();
        boolean existed = policies.list(PolicyFilter.all()).stream().map(PolicyRecord::spec).anyMatch(spec::equals);
        change.apply(policies, List.of(spec)).get(10, TimeUnit.SECONDS);
        return (existed ? ifExisted : ifNot) + spec;
    }

    /** The policy named by the arguments; throws {@link PolicyException}. */
    private PolicySpec spec() {
        Integer[] range = ports(ports);
        return PolicySpec.parse(source, destination, protocol, range[0], range[1], true);
    }

    /** Start and end of {@code 8080} or {@code 8000-8080}; both null when not given. */
    static Integer[] ports(String ports) {
        if (ports == null) {
            return new Integer[] {null, null};
        }
        String[] range = ports.split("-", 2);
        Integer start = number(ports, range[0]);
        return new Integer[] {start, range.length == 2 ? number(ports, range[1]) : start};
    }

    private static Integer number(String ports, String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw new PolicyException("invalid ports '" + ports + "': expected a port like 8080 or a range like 8000-8080");
        }
    }
}
