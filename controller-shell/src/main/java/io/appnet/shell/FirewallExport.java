package io.appnet.shell;

import io.appnet.compiler.firewall.FirewallResult;
import io.appnet.compiler.firewall.FirewallRules;
import io.appnet.compiler.firewall.Refusal;
import io.appnet.controller.firewall.FirewallException;
import io.appnet.controller.firewall.FirewallService;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code appnet:firewall-export fw1 [--format ofctl|json]}: the firewall's exact rules for the current network, for
 * a device configured by other means ({@code ovs-ofctl -O OpenFlow13 add-flows} lines, or JSON); or, when they do not
 * fit, what does not (per table needed vs available).
 */
@Service
@Command(scope = "appnet", name = "firewall-export", description = "Print a hardware firewall's rules")
public class FirewallExport extends PrintingAction {

    @Reference
    FirewallService firewalls;

    @Argument(index = 0, name = "name", required = true, description = "The firewall's name")
    String name;

    @Option(name = "--format", description = "ofctl (default) or json")
    String format = "ofctl";

    @Override
    String run() {
        if (!format.equals("ofctl") && !format.equals("json")) {
            throw new FirewallException("format: '" + format + "' must be ofctl or json");
        }
        FirewallResult result = firewalls.compile(name);
        if (result instanceof Refusal refusal) {
            throw new FirewallException(refusal.render().stripTrailing());
        }
        FirewallRules rules = (FirewallRules) result;
        return (format.equals("json") ? rules.json() : rules.ofctl()).stripTrailing();
    }
}
