package io.appnet.shell;

import io.appnet.controller.policy.PolicyException;
import io.appnet.controller.policy.PolicySpec;

/** A policy as the shell's verbs take it: source, destination, protocol and ports like 8080 or 8000-8080. */
final class PolicyArguments {

    private PolicyArguments() {
    }

    /** The policy, checked by the same rules and messages as the REST API; throws {@link PolicyException}. */
    static PolicySpec spec(String source, String destination, String protocol, String ports) {
        Integer start = null;
        Integer end = null;
        if (ports != null) {
            String[] range = ports.split("-", 2);
            start = number(range[0], ports);
            end = range.length == 2 ? number(range[1], ports) : start;
        }
        return PolicySpec.parse(source, destination, protocol, start, end, true);
    }

    private static Integer number(String text, String ports) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw new PolicyException("invalid ports '" + ports + "': expected a port like 8080 or a range like 8000-8080");
        }
    }
}
