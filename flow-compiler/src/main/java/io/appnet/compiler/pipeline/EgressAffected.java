package io.appnet.compiler.pipeline;

import io.appnet.compiler.model.AppId;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.EgressPolicy;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Instance;
import io.appnet.compiler.model.Network;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/** What a change touches in the egress part of the pipeline (see {@link OvsHostPipeline#affected}). */
final class EgressAffected {

    private EgressAffected() {
    }

    static void of(Affected affected, Change change, Network before, Network after) {
        if (change instanceof Change.ConfigureEgress) {
            before.topology().hosts().keys().forEach(affected::wholeDatapath);
            after.topology().hosts().keys().forEach(affected::wholeDatapath);
        } else if (change instanceof Change.PutGateway || change instanceof Change.RemoveGateway) {
            gatewaysChanged(affected, before, after);
        } else if (change instanceof Change.PutHost put) {
            if (before.egress().isGateway(put.host().id()) || after.egress().isGateway(put.host().id())) {
                gatewaysChanged(affected, before, after);
            }
        } else if (change instanceof Change.RemoveHost remove) {
            if (before.egress().isGateway(remove.host())) {
                gatewaysChanged(affected, before, after);
            }
        } else if (change instanceof Change.PutDestination put) {
            for (EgressPolicy policy : after.egress().policiesTo(put.id())) {
                policyEverywhere(affected, policy, before);
                policyEverywhere(affected, policy, after);
            }
            boolean pinned = before.egress().destination(put.id()).map(d -> d.pinned()).orElse(false)
                    || after.egress().destination(put.id()).map(d -> d.pinned()).orElse(false);
            if (pinned) {
                selectionEverywhere(affected, after);
            }
        } else if (change instanceof Change.RemoveDestination remove) {
            if (before.egress().destination(remove.id()).map(d -> d.pinned()).orElse(false)) {
                selectionEverywhere(affected, after);
            }
        } else if (change instanceof Change.AddEgressPolicy add) {
            EgressPolicy policy = after.egress().policies().get(add.id());
            policyEverywhere(affected, policy, after);
            addressesChanged(affected, after.sourceApps(policy), before, after);
        } else if (change instanceof Change.RemovePolicy remove) {
            EgressPolicy policy = before.egress().policies().get(remove.id());
            if (policy != null) {
                policyEverywhere(affected, policy, before);
                addressesChanged(affected, before.sourceApps(policy), before, after);
            }
        } else if (change instanceof Change.AddInstance add) {
            after.topology().instance(add.id()).ifPresent(i -> instanceChanged(affected, i, before, after));
        } else if (change instanceof Change.RemoveInstance remove) {
            before.topology().instance(remove.id()).ifPresent(i -> instanceChanged(affected, i, before, after));
        } else if (change instanceof Change.PutGroup put) {
            Set<AppId> members = new HashSet<>(put.memberGuids().stream().map(g -> after.appId(g).orElseThrow())
                    .toList());
            before.policies().group(put.name()).ifPresent(group -> members.addAll(group.members()));
            for (EgressPolicy policy : after.egress().policiesOfGroup(put.name())) {
                policyEverywhere(affected, policy, before);
                policyEverywhere(affected, policy, after);
            }
            addressesChanged(affected, members, before, after);
        } else if (change instanceof Change.RestoreEgressAddress restore) {
            addressesChanged(affected, Set.of(after.appId(restore.appGuid()).orElseThrow()), before, after);
        }
    }

    private static void instanceChanged(Affected affected, Instance instance, Network before, Network after) {
        HostId host = instance.host();
        AppId app = instance.app();
        if (before.topology().runsOn(app, host) == after.topology().runsOn(app, host)) {
            return;
        }
        for (EgressPolicy policy : EgressFlows.policiesFrom(after, Set.of(app))) {
            affected.owner(host, new Owner.EgressPolicy(policy.id()));
        }
        affected.owner(host, new Owner.EgressAddress(app));
    }

    /** The policy's flows on the hosts of its source apps and on every gateway. */
    private static void policyEverywhere(Affected affected, EgressPolicy policy, Network network) {
        Owner owner = new Owner.EgressPolicy(policy.id());
        for (AppId app : network.sourceApps(policy)) {
            network.topology().hostsOf(app).forEach(host -> affected.owner(host, owner));
        }
        network.egress().gateways().keys().forEach(gateway -> affected.owner(gateway, owner));
    }

    private static void addressesChanged(Affected affected, Set<AppId> apps, Network before, Network after) {
        for (AppId app : apps) {
            if (!Objects.equals(before.egress().address(app), after.egress().address(app))) {
                Owner owner = new Owner.EgressAddress(app);
                after.topology().hostsOf(app).forEach(host -> affected.owner(host, owner));
                after.egress().gateways().keys().forEach(gateway -> affected.owner(gateway, owner));
            }
        }
    }

    private static void selectionEverywhere(Affected affected, Network network) {
        network.topology().hosts().keys().forEach(host -> affected.owner(host, new Owner.EgressSelection()));
    }

    /** Pool shares, carriers and homes may all move: gateways whole, every host's choice of gateway. */
    private static void gatewaysChanged(Affected affected, Network before, Network after) {
        before.egress().gateways().keys().forEach(affected::wholeDatapath);
        after.egress().gateways().keys().forEach(affected::wholeDatapath);
        selectionEverywhere(affected, after);
        after.egress().addresses().forEach((app, address) -> after.topology().hostsOf(app)
                .forEach(host -> affected.owner(host, new Owner.EgressAddress(app))));
    }
}
