package io.appnet.compiler.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bad input gets a precise error and changes nothing. */
class NetworkValidationTest {

    private final Network network = Network.empty().applyAll(List.of(
            Change.registerApp("web"), Change.registerApp("db"),
            Change.putHost(Host.of("h1", "192.168.0.1", "10.255.1.0/24", 1)),
            Change.addInstance("web-0", "web", "h1", 2, "10.255.1.2", "02:00:00:00:01:02")));

    private void refused(Change change, String message) {
        assertThatThrownBy(() -> network.apply(change)).isInstanceOf(ModelException.class).hasMessage(message);
    }

    @Test
    void appsGetStableDistinctIdsAndAreNotFreedWhileReferenced() {
        assertThat(network.appId("web")).contains(AppId.of(1));
        assertThat(network.appId("db")).contains(AppId.of(2));
        assertThat(network.apply(Change.registerApp("web"))).isSameAs(network);
        refused(Change.unregisterApp("web"), "app 'web' is still used by 1 instances");
        Network withPolicy = network.apply(Change.addPolicy(1, "db", "db", Protocol.ICMP, PortRange.any()));
        assertThatThrownBy(() -> withPolicy.apply(Change.unregisterApp("db"))).hasMessage(
                "app 'db' is still used by 2 policies");
    }

    @Test
    void freedIdsAreNotHandedOutAgainRightAway() {
        Network freed = network.apply(Change.unregisterApp("db")).apply(Change.registerApp("cache"));
        assertThat(freed.appId("cache")).contains(AppId.of(3));
    }

    @Test
    void restoredAppsKeepTheirIdsAndNewAppsAreNumberedAfterThem() {
        Network restored = Network.empty().applyAll(List.of(Change.restoreApp("web", 7), Change.restoreApp("db", 3)));
        assertThat(restored.appId("web")).contains(AppId.of(7));
        assertThat(restored.apply(Change.restoreApp("web", 7))).isSameAs(restored);
        assertThat(restored.apply(Change.registerApp("cache")).appId("cache")).contains(AppId.of(8));
        assertThatThrownBy(() -> restored.apply(Change.restoreApp("web", 8)))
                .hasMessage("app 'web' already has app ID 7, not 8");
        assertThatThrownBy(() -> restored.apply(Change.restoreApp("cache", 3)))
                .hasMessage("app ID 3 of app 'cache' is held by app db");
    }

    @Test
    void appGuidsAreOpaqueButBounded() {
        assertThat(network.apply(Change.registerApp("some-app-guid")).appId("some-app-guid")).isPresent();
        refused(Change.registerApp(""), "app GUID must not be empty");
        refused(Change.registerApp("has space"), "app GUID 'has space' has a space or a character that is not printable ASCII at position 3");
        refused(Change.registerApp("x".repeat(129)), "app GUID 'xxxxxxxxxxxxxxxxxxxx...' is longer than 128 characters");
    }

    @Test
    void policiesNeedKnownAppsAndSensiblePorts() {
        refused(Change.addPolicy(1, "web", "nope", Protocol.TCP, PortRange.single(80)), "unknown app 'nope'");
        refused(Change.addPolicy(1, "web", "db", Protocol.ICMP, PortRange.single(80)),
                "ports 80 given for protocol icmp: ports are only for tcp and udp");
        refused(Change.addPolicy(1, "web", "db", Protocol.ALL, PortRange.of(1, 2)),
                "ports 1-2 given for protocol all: ports are only for tcp and udp");
        assertThatThrownBy(() -> PortRange.single(0)).hasMessage("port 0 is outside 1..65535");
        assertThatThrownBy(() -> PortRange.of(80, 70000)).hasMessage("port 70000 is outside 1..65535");
        assertThatThrownBy(() -> PortRange.of(90, 80)).hasMessage("port range 90-80 starts after it ends");
        assertThatThrownBy(() -> Protocol.parse("sctp")).hasMessage(
                "unknown protocol 'sctp': expected tcp, udp, icmp or all");
        Network one = network.apply(Change.addPolicy(1, "web", "db", Protocol.TCP, PortRange.single(5432)));
        assertThatThrownBy(() -> one.apply(Change.addPolicy(2, "web", "db", Protocol.TCP, PortRange.single(5432))))
                .hasMessage("the same policy already exists as policy 1");
        assertThatThrownBy(() -> one.apply(Change.addPolicy(1, "db", "web", Protocol.TCP, PortRange.single(1))))
                .hasMessage("policy ID 1 is already in use");
        refused(Change.removePolicy(9), "unknown policy 9");
    }

    @Test
    void instancesMustFitTheirHost() {
        refused(Change.addInstance("x", "web", "h9", 3, "10.255.1.3", "02:00:00:00:01:03"),
                "instance x: unknown host 'h9'");
        refused(Change.addInstance("x", "web", "h1", 3, "10.255.2.3", "02:00:00:00:01:03"),
                "instance x on host h1: IP 10.255.2.3 is outside the host's subnet 10.255.1.0/24");
        refused(Change.addInstance("x", "web", "h1", 3, "10.255.1.1", "02:00:00:00:01:03"),
                "instance x on host h1: IP 10.255.1.1 is the subnet's virtual gateway");
        refused(Change.addInstance("x", "web", "h1", 3, "10.255.1.2", "02:00:00:00:01:03"),
                "instance x on host h1: IP 10.255.1.2 is already instance web-0's");
        refused(Change.addInstance("x", "web", "h1", 2, "10.255.1.3", "02:00:00:00:01:03"),
                "instance x on host h1: port 2 is already instance web-0's");
        refused(Change.addInstance("x", "web", "h1", 1, "10.255.1.3", "02:00:00:00:01:03"),
                "instance x on host h1: port 1 is the host's tunnel port");
        refused(Change.addInstance("x", "web", "h1", 3, "10.255.1.3", "01:00:00:00:01:03"),
                "instance x on host h1: MAC 01:00:00:00:01:03 is not a unicast address");
        refused(Change.addInstance("x", "web", "h1", 3, "10.255.1.255", "02:00:00:00:01:03"),
                "instance x on host h1: IP 10.255.1.255 is the network or broadcast address of 10.255.1.0/24");
        assertThat(network.apply(Change.addInstance("web-0", "web", "h1", 2, "10.255.1.2", "02:00:00:00:01:02")))
                .as("the same instance again is no change").isSameAs(network);
    }

    @Test
    void hostsMustNotCollide() {
        refused(Change.putHost(Host.of("h2", "192.168.0.1", "10.255.2.0/24", 1)),
                "host h2: underlay IP 192.168.0.1 is already host h1's");
        refused(Change.putHost(Host.of("h2", "192.168.0.2", "10.255.0.0/16", 1)),
                "host h2: subnet 10.255.0.0/16 overlaps host h1's subnet 10.255.1.0/24");
        refused(Change.putHost(Host.of("h1", "192.168.0.1", "10.255.7.0/24", 1)),
                "host h1 has 1 instances in 10.255.1.0/24; remove them before changing its subnet");
        assertThatThrownBy(() -> Host.of("h3", "192.168.0.3", "10.255.3.1/24", 1))
                .hasMessage("10.255.3.1/24 has host bits set; did you mean 10.255.3.0/24?");
        assertThatThrownBy(() -> Ipv4Address.parse("10.0.0.256"))
                .hasMessage("'10.0.0.256' is not an IPv4 address: '256' is not 0..255");
    }

    @Test
    void removingAHostRemovesItsInstances() {
        Network without = network.apply(Change.removeHost(HostId.of("h1")));
        assertThat(without.topology().instances().isEmpty()).isTrue();
        assertThat(without.apply(Change.unregisterApp("web")).appId("web")).isEmpty();
    }

    @Test
    void groupsAndGroupPoliciesReferToWhatExists() {
        refused(Change.putGroup("g", Set.of("web", "ghost")), "unknown app 'ghost'");
        Network grouped = network.apply(Change.putGroup("g", Set.of("web", "db")));
        assertThatThrownBy(() -> grouped.apply(Change.addGroupPolicy(5, "g", "h", Protocol.TCP, PortRange.single(1))))
                .hasMessage("group policy 5: unknown group 'h'");
        Network used = grouped.apply(Change.addGroupPolicy(5, "g", "g", Protocol.ALL, PortRange.any()));
        assertThatThrownBy(() -> used.apply(Change.removeGroup("g")))
                .hasMessage("group 'g' is used by group policies [5]; remove them first");
        assertThatThrownBy(() -> used.apply(Change.unregisterApp("db"))).hasMessage(
                "app 'db' is still used by groups [g]");
    }

    @Test
    void externalServicesGetPseudoAppIdsAndSaneCidrs() {
        Network withService = network.apply(Change.addService("postgres",
                List.of(Ipv4Prefix.parse("192.0.2.0/28")), Protocol.TCP, PortRange.single(5432)));
        assertThat(withService.policies().services().get("postgres").pseudoAppId()).isEqualTo(AppId.of(3));
        assertThatThrownBy(() -> withService.apply(Change.addService("other",
                List.of(Ipv4Prefix.parse("192.0.2.8/29")), Protocol.TCP, PortRange.single(1))))
                .hasMessage("service 'other': CIDR 192.0.2.8/29 overlaps 192.0.2.0/28 of service 'postgres'");
        refused(Change.addService("inside", List.of(Ipv4Prefix.parse("10.255.0.0/16")), Protocol.ALL, PortRange.any()),
                "service 'inside': CIDR 10.255.0.0/16 overlaps the overlay subnet 10.255.1.0/24 of host h1");
        refused(Change.addService("twice", List.of(Ipv4Prefix.parse("198.51.100.0/24"),
                        Ipv4Prefix.parse("198.51.100.128/25")), Protocol.ALL, PortRange.any()),
                "service 'twice': CIDRs 198.51.100.0/24 and 198.51.100.128/25 overlap");
        refused(Change.addService("none", List.of(), Protocol.ALL, PortRange.any()),
                "service 'none' needs at least one CIDR");
        Network allowed = withService.apply(Change.addServicePolicy(7, "web", "postgres"));
        assertThatThrownBy(() -> allowed.apply(Change.removeService("postgres")))
                .hasMessage("service 'postgres' is used by policy 7; remove it first");
        assertThatThrownBy(() -> withService.apply(Change.addServicePolicy(7, "web", "mysql")))
                .hasMessage("policy 7: unknown service 'mysql'");
    }
}
