package io.appnet.compiler.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bad destinations, egress policies, gateways and NAT settings get a precise error naming the field. */
class EgressValidationTest {

    private static final List<IpRange> DB = List.of(IpRange.parse("203.0.113.10", "203.0.113.20"));

    private final Network network = Network.empty().applyAll(List.of(
            Change.configureEgress(EgressSettings.of("10.255.0.0/16", List.of("198.18.0.0/31"), "shared")),
            Change.registerApp("web"), Change.registerApp("api"),
            Change.putHost(Host.of("h1", "192.168.0.1", "10.255.1.0/24", 1)),
            Change.putHost(Host.of("gw", "192.168.0.9", "10.255.9.0/24", 1)),
            Change.addInstance("web-0", "web", "h1", 2, "10.255.1.2", "02:00:00:00:01:02"),
            Change.putDestination("db-id", "db", List.of(DestinationRule.tcp(DB, List.of(PortRange.single(5432))))),
            Change.addEgressPolicy(1, "web", "db-id")));

    private void refused(Change change, String message) {
        assertThatThrownBy(() -> network.apply(change)).isInstanceOf(ModelException.class).hasMessage(message);
    }

    private static void refused(Runnable making, String message) {
        assertThatThrownBy(making::run).isInstanceOf(ModelException.class).hasMessage(message);
    }

    @Test
    void rangesMustBeIpv4InOrderAndOutsideTheOverlay() {
        refused(() -> IpRange.parse("2001:db8::1", "2001:db8::9"),
                "'2001:db8::1' is an IPv6 address: only IPv4 is supported");
        refused(() -> IpRange.parse("203.0.113.20", "203.0.113.10"),
                "ip range 203.0.113.20-203.0.113.10 starts after it ends");
        refused(Change.putDestination("x", "inside", List.of(DestinationRule.all(List.of(
                        IpRange.parse("8.8.8.8", "8.8.8.8"), IpRange.parse("10.255.200.1", "10.255.200.9"))))),
                "destination 'inside': rules[0].ips[1]: 10.255.200.1-10.255.200.9 overlaps the overlay 10.255.0.0/16");
        Network noOverlay = Network.empty().apply(Change.putHost(Host.of("h1", "192.168.0.1", "10.1.1.0/24", 1)));
        assertThatThrownBy(() -> noOverlay.apply(Change.putDestination("x", "x", List.of(DestinationRule.all(
                List.of(IpRange.parse("10.1.1.0/25"))))))).hasMessage("destination 'x': rules[0].ips[0]: "
                + "10.1.1.0-10.1.1.127 overlaps the overlay subnet 10.1.1.0/24 of host h1");
    }

    @Test
    void aDestinationNameIsForPeopleSpacesAllowedControlCharactersNot() {
        List<DestinationRule> rules = List.of(DestinationRule.tcp(DB, List.of(PortRange.single(5432))));
        assertThat(new Destination("o-id", "oracle database", new AppId(99), rules, new java.util.TreeSet<>()).name())
                .isEqualTo("oracle database");
        refused(() -> new Destination("o-id", "two\nlines", new AppId(99), rules, new java.util.TreeSet<>()),
                "destination name 'two?lines' has a control character at position 3");
        refused(() -> new Destination("o-id", "  ", new AppId(99), rules, new java.util.TreeSet<>()),
                "destination name must not be empty");
        refused(() -> new Destination("o id", "o", new AppId(99), rules, new java.util.TreeSet<>()),
                "destination id 'o id' has a space or a character that is not printable ASCII at position 1");
    }

    @Test
    void portsAndIcmpFieldsOnlyWhereTheyBelong() {
        refused(() -> new DestinationRule(Protocol.ICMP, DB, List.of(PortRange.single(1)), -1, -1),
                "ports: given for protocol icmp; ports are only for tcp and udp");
        refused(() -> new DestinationRule(Protocol.TCP, DB, List.of(), 8, -1),
                "icmp_type/icmp_code: given for protocol tcp; they are only for icmp");
        refused(() -> DestinationRule.icmp(DB, 256, -1), "icmp_type/icmp_code: 256/-1 is outside -1 (any)..255");
        refused(() -> DestinationRule.icmp(DB, -1, 0), "icmp_code: 0 given without an icmp_type");
        refused(() -> DestinationRule.tcp(List.of(), List.of()), "ips: a rule needs at least one ip range");
    }

    @Test
    void policiesNeedAKnownDestinationAndSourceAndDestinationsInUseStay() {
        refused(Change.addEgressPolicy(2, "web", "nope"), "egress policy 2: destination: unknown destination 'nope'");
        refused(Change.addEgressPolicy(2, "ghost", "db-id"), "egress policy 2: source: unknown app 'ghost'");
        refused(Change.addGroupEgressPolicy(2, "space", "db-id"), "egress policy 2: source: unknown group 'space'");
        refused(Change.addEgressPolicy(1, "api", "db-id"), "policy ID 1 is already in use");
        refused(Change.addPolicy(1, "web", "api", Protocol.TCP, PortRange.single(80)), "policy ID 1 is already in use");
        refused(Change.removeDestination("db-id"), "destination 'db' is used by egress policies [1]; remove them first");
        refused(Change.putDestination("other", "db", List.of(
                DestinationRule.all(DB))), "destination name 'db' is already destination db-id's");
        Network without = network.apply(Change.removePolicy(1)).apply(Change.removeDestination("db-id"));
        assertThat(without.egress().destinations().isEmpty()).isTrue();
        assertThat(without.owner(network.egress().destination("db-id").orElseThrow().pseudoAppId())).isEmpty();
    }

    @Test
    void destinationsGetPseudoAppIdsFromTheAppIdSpaceAndKeepThemWhenReplaced() {
        AppId pseudo = network.egress().destination("db-id").orElseThrow().pseudoAppId();
        assertThat(network.owner(pseudo)).contains("destination db-id");
        Network replaced = network.apply(Change.putDestination("db-id", "database", List.of(DestinationRule.all(DB))));
        assertThat(replaced.egress().destination("db-id").orElseThrow().pseudoAppId()).isEqualTo(pseudo);
        assertThat(replaced.egress().destination("db-id").orElseThrow().name()).isEqualTo("database");
    }

    @Test
    void gatewaysAreHostsWithoutInstancesAndAnUplinkOfTheirOwn() {
        refused(Change.putGateway(Gateway.of("nowhere", 9, "02:00:00:00:00:09", "203.0.113.1", "02:00:00:00:00:01",
                true)), "gateway nowhere: unknown host; a gateway joins as a host first");
        refused(Change.putGateway(Gateway.of("h1", 9, "02:00:00:00:00:09", "203.0.113.1", "02:00:00:00:00:01", true)),
                "gateway h1: the host runs 1 instances; gateways run none");
        refused(Change.putGateway(Gateway.of("gw", 1, "02:00:00:00:00:09", "203.0.113.1", "02:00:00:00:00:01", true)),
                "gateway gw: uplink port 1 is the host's tunnel port");
        refused(() -> Gateway.of("gw", 0, "02:00:00:00:00:09", "203.0.113.1", "02:00:00:00:00:01", true),
                "gateway gw: uplink port 0 is outside 1..65279");
        refused(() -> Gateway.of("gw", 9, "02:00:00:00:00:09", "203.0.113.1", "ff:ff:ff:ff:ff:ff", true),
                "gateway gw: next hop MAC ff:ff:ff:ff:ff:ff is not a unicast address");
        Network withGateway = network.apply(Change.putGateway(Gateway.of("gw", 9, "02:00:00:00:00:09", "203.0.113.1",
                "02:00:00:00:00:01", true)));
        assertThatThrownBy(() -> withGateway.apply(Change.addInstance("x", "web", "gw", 2, "10.255.9.2",
                "02:00:00:00:09:02"))).hasMessage("instance x: host gw is a gateway; gateways run no instances");
        assertThat(withGateway.apply(Change.removeHost(HostId.of("gw"))).egress().gateways().isEmpty()).isTrue();
    }

    @Test
    void thePoolIsIpv4WithoutOverlapsOutsideTheOverlay() {
        refused(() -> EgressSettings.of("10.255.0.0/16", List.of("198.18.0.0/30", "198.18.0.3"), "shared"),
                "nat.pool: 198.18.0.0-198.18.0.3 and 198.18.0.3 overlap");
        refused(() -> EgressSettings.of("10.255.0.0/16", List.of("10.255.3.0/30"), "shared"),
                "nat.pool: 10.255.3.0-10.255.3.3 overlaps the overlay 10.255.0.0/16");
        refused(() -> EgressSettings.of(null, List.of("fd00::/64"), "shared"),
                "'fd00::/64' is an IPv6 address: only IPv4 is supported");
        refused(() -> EgressSettings.of(null, List.of(), "private"), "nat.mode: 'private' is neither shared nor per-app");
    }

    @Test
    void perAppModeNeverSharesAnAddressAndSaysWhenThePoolIsTooSmall() {
        Network perApp = network.apply(Change.configureEgress(EgressSettings.of("10.255.0.0/16",
                List.of("198.18.0.0/31"), "per-app")));
        assertThat(perApp.egress().address(perApp.appId("web").orElseThrow())).contains(
                Ipv4Address.parse("198.18.0.0"));
        Network two = perApp.apply(Change.addEgressPolicy(2, "api", "db-id"));
        assertThat(two.egress().address(two.appId("api").orElseThrow())).contains(Ipv4Address.parse("198.18.0.1"));
        Network third = two.apply(Change.registerApp("jobs"));
        assertThatThrownBy(() -> third.apply(Change.addEgressPolicy(3, "jobs", "db-id"))).hasMessage(
                "nat.pool has 2 addresses, too few for nat.mode per-app: app 'jobs' (app ID 4) needs one and 2 apps already hold one");
        Network freed = two.apply(Change.removePolicy(2));
        assertThat(freed.egress().address(freed.appId("api").orElseThrow())).isEmpty();
        Network viaGroup = freed.applyAll(List.of(Change.putGroup("space", Set.of("api")),
                Change.addGroupEgressPolicy(5, "space", "db-id")));
        assertThat(viaGroup.egress().address(viaGroup.appId("api").orElseThrow())).isPresent();
        assertThat(viaGroup.apply(Change.putGroup("space", Set.of())).egress().address(
                viaGroup.appId("api").orElseThrow())).isEmpty();
    }

    @Test
    void groupsAndAppsUsedByEgressPoliciesStay() {
        Network grouped = network.applyAll(List.of(Change.putGroup("space", Set.of("api")),
                Change.addGroupEgressPolicy(5, "space", "db-id")));
        assertThatThrownBy(() -> grouped.apply(Change.removeGroup("space")))
                .hasMessage("group 'space' is used by egress policies [5]; remove them first");
        Network noInstances = network.apply(Change.removeInstance("web-0"));
        assertThatThrownBy(() -> noInstances.apply(Change.unregisterApp("web")))
                .hasMessage("app 'web' is still used by 1 egress policies");
    }
}
