package io.appnet.controller.e2e;

import io.appnet.compiler.firewall.FirewallRules;
import io.appnet.controller.Controller;
import io.appnet.controller.firewall.FirewallDevices;
import io.appnet.ovs.harness.LabHost;
import java.util.Set;
import java.util.TreeSet;

/** What the firewall tests compare: the stand-in device's rules, the controller's export, the device's state. */
public final class FirewallView {
    private FirewallView() {
    }

    /** The rules on the device's br-int, as {@code ovs-ofctl dump-flows --no-stats} prints them. */
    public static Set<String> installed(LabHost device) {
        Set<String> flows = new TreeSet<>(device.ofctl("dump-flows", "--no-stats", "br-int").lines()
                .map(String::strip).filter(line -> !line.isEmpty()).toList());
        flows.removeIf(line -> line.startsWith("OFPST_FLOW"));
        return flows;
    }

    /** The firewall's rules as the controller exports them (ofctl format). */
    public static Set<String> exported(Controller controller, String firewall) {
        FirewallRules rules = (FirewallRules) controller.firewalls().compile(firewall);
        return new TreeSet<>(rules.ofctl().lines().map(String::strip).toList());
    }

    /** The outcome of the device's last deploy ("deployed ...", "refused ..."), or "none". */
    public static String state(Controller controller, long datapath) {
        return controller.firewalls().devices().state(datapath).map(FirewallDevices.State::outcome).orElse("none");
    }
}
