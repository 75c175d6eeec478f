package io.appnet.compiler.firewall;

import io.appnet.compiler.flow.Action;
import io.appnet.compiler.flow.FieldMatch;
import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.model.AppId;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.compiler.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The firewall's view of source identity, per its {@link Identity} mode: which packets from the platform side
 * come from an app ({@link #forward}), and where replies go back ({@link #replies}).
 */
final class Sources {

    /**
     * A place replies go: packets to {@code prefix} leave by {@code port}; {@code key} classifies them (the app in
     * nat and instance-ip mode, the host's index in vxlan mode, where {@code retag} sets the destination's VNI).
     */
    record ReplyTarget(long key, Ipv4Prefix prefix, long port, boolean retag) {
        List<Action> actions(AppId tag) {
            return retag ? List.of(Action.setField(MatchField.TUN_ID, tag.value()), Action.output(port))
                    : List.of(Action.output(port));
        }
    }

    private final Network network;
    private final Firewall firewall;
    /** Instance addresses per app, gathered once: every grant asks for its source's. */
    private final Map<AppId, List<Ipv4Prefix>> instanceAddresses;

    Sources(Network network, Firewall firewall) {
        this.network = network;
        this.firewall = firewall;
        this.instanceAddresses = Grants.instanceAddresses(network);
    }

    /** The port forward packets must come in on; empty in vxlan mode (tunnel_id is only set by tunnel ports). */
    Optional<Long> ingress() {
        return firewall.identity() instanceof Identity.Vxlan ? Optional.empty() : Optional.of(firewall.platformPort());
    }

    /** The matches that say "from app {@code app}": its NAT address, its instances' IPs, or its VNI. */
    List<FieldMatch> forward(AppId app) {
        MatchField src = MatchField.IPV4_SRC;
        if (firewall.identity() instanceof Identity.Nat nat) {
            return natAddress(nat, app).map(ip -> List.of(new FieldMatch(src, ip.unsigned(), src.fullMask())))
                    .orElse(List.of());
        }
        if (firewall.identity() instanceof Identity.InstanceIp) {
            return instanceAddresses.getOrDefault(app, List.of()).stream()
                    .map(prefix -> new FieldMatch(src, prefix.network().unsigned(), src.fullMask())).toList();
        }
        return List.of(new FieldMatch(MatchField.TUN_ID, app.value(), MatchField.TUN_ID.fullMask()));
    }

    /** Where replies to {@code app} go: one target per address (nat, instance-ip) or per host (vxlan). */
    List<ReplyTarget> replies(AppId app) {
        if (firewall.identity() instanceof Identity.Nat nat) {
            return natAddress(nat, app).map(ip -> List.of(toPlatform(app, ip))).orElse(List.of());
        }
        if (firewall.identity() instanceof Identity.InstanceIp) {
            return instanceAddresses.getOrDefault(app, List.of()).stream()
                    .map(prefix -> toPlatform(app, prefix.network())).toList();
        }
        return tunnels((Identity.Vxlan) firewall.identity());
    }

    private ReplyTarget toPlatform(AppId app, Ipv4Address address) {
        return new ReplyTarget(app.value(), Ipv4Prefix.of(address, 32), firewall.platformPort(), false);
    }

    private List<ReplyTarget> tunnels(Identity.Vxlan vxlan) {
        List<ReplyTarget> targets = new ArrayList<>();
        long index = 1;
        for (Map.Entry<HostId, Long> entry : vxlan.tunnelPorts().entrySet()) {
            // A registered host that has left has no subnet now, and no instances: nothing to reply to there.
            Optional<Host> host = network.topology().host(entry.getKey());
            if (host.isPresent()) {
                targets.add(new ReplyTarget(index, host.get().subnet(), entry.getValue(), true));
            }
            index++;
        }
        return targets;
    }

    private Optional<Ipv4Address> natAddress(Identity.Nat nat, AppId app) {
        return network.appGuid(app).map(guid -> nat.addresses().get(guid));
    }
}
