package io.appnet.compiler.firewall;

import io.appnet.compiler.model.ModelException;
import java.util.List;
import java.util.Optional;

/**
 * A registered hardware firewall: a plain OpenFlow 1.3 switch (no Nicira extensions, conntrack or
 * registers) that filters between its platform-side port (where apps' traffic arrives) and its
 * protected-side port (in front of what it guards). A vxlan firewall receives on its tunnel ports instead
 * of {@code platformPort}. {@code budget} is the operator's, and wins over what the device reports; so does
 * {@code deploy} (how its rules are changed), which the compiler does not use.
 */
public record Firewall(String name, long datapathId, long protectedPort, long platformPort, List<Guard> guards,
                       Identity identity, Optional<Budget> budget, DeployMode deploy) {

    /** The highest physical port number OpenFlow 1.3 allows (OFPP_MAX). */
    public static final long MAX_PORT = 0xFFFFFF00L;

    public Firewall {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new ModelException("name: '" + name + "' must be 1-63 letters, digits, '.', '_' or '-'");
        }
        if (datapathId == 0) {
            throw new ModelException("datapath_id: 0 is not a datapath ID");
        }
        checkPort("protected_port", protectedPort);
        checkPort("platform_port", platformPort);
        if (protectedPort == platformPort) {
            throw new ModelException("platform_port: " + platformPort + " is also the protected_port");
        }
        guards = List.copyOf(guards);
        if (guards.isEmpty()) {
            throw new ModelException("guards: a firewall guards at least one app or destination");
        }
        if (guards.stream().distinct().count() != guards.size()) {
            throw new ModelException("guards: " + guards + " names one guard twice");
        }
        if (identity == null) {
            throw new ModelException("identity: one of nat, instance-ip, vxlan is needed");
        }
        if (identity instanceof Identity.Vxlan vxlan && vxlan.tunnelPorts().containsValue(protectedPort)) {
            throw new ModelException("identity.tunnel_ports: " + protectedPort + " is also the protected_port");
        }
        if (deploy == null) {
            throw new ModelException("deploy: one of auto, make-before-break is needed");
        }
    }

    /** Deployed {@link DeployMode#AUTO}: by bundle where the device has them. */
    public Firewall(String name, long datapathId, long protectedPort, long platformPort, List<Guard> guards,
            Identity identity, Optional<Budget> budget) {
        this(name, datapathId, protectedPort, platformPort, guards, identity, budget, DeployMode.AUTO);
    }

    static void checkPort(String field, long port) {
        if (port < 1 || port > MAX_PORT) {
            throw new ModelException(field + ": " + port + " is outside 1.." + MAX_PORT);
        }
    }
}
