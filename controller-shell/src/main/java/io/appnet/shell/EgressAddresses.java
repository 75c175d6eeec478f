package io.appnet.shell;

import io.appnet.controller.egress.EgressService;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code appnet:egress-addresses}: in per-app NAT mode, the pool address each app's egress connections leave from
 * (what an external firewall sees) and the gateway holding it; and a warning if the pool was too small for an app.
 */
@Service
@Command(scope = "appnet", name = "egress-addresses", description = "Per-app NAT mode: the source address each app"
        + " has outside")
public class EgressAddresses extends PrintingAction {

    @Reference
    EgressService egress;

    @Override
    String run() {
        io.appnet.controller.egress.EgressAddresses addresses = egress.addresses();
        List<List<Object>> rows = new ArrayList<>();
        addresses.apps().forEach((app, entry) -> rows.add(List.of(app, entry.address(),
                entry.gateway().orElse("(no live gateway)"))));
        return "nat.mode " + addresses.mode() + ", nat.pool of " + addresses.poolSize() + " addresses\n"
                + Tables.render(List.of("App", "Address", "Gateway"), rows)
                + addresses.shortage().map(text -> "\nWARNING: a change was refused: " + text).orElse("");
    }
}
