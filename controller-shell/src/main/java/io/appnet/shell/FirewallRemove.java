package io.appnet.shell;

import io.appnet.controller.firewall.FirewallService;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:firewall-remove fw1}: forgets a firewall's registration; its device keeps the rules it has. */
@Service
@Command(scope = "appnet", name = "firewall-remove", description = "Delete a hardware firewall's registration")
public class FirewallRemove extends PrintingAction {

    @Reference
    FirewallService firewalls;

    @Argument(index = 0, name = "name", required = true, description = "The firewall's name")
    String name;

    @Override
    String run() {
        firewalls.delete(name);
        return "firewall " + name + " removed (the device keeps its rules until they are cleared)";
    }
}
