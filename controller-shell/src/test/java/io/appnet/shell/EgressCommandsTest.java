package io.appnet.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.Network;
import io.appnet.controller.egress.EgressException;
import io.appnet.controller.egress.EgressService;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.model.SubnetPool;
import io.appnet.controller.policy.GroupService;
import io.appnet.controller.policy.PolicyIds;
import io.appnet.controller.programmer.NetworkProgrammer;
import io.appnet.controller.store.InMemoryStore;
import io.appnet.controller.store.StoredState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The destination, egress policy, group and egress address verbs: what they print, and refusals. */
class EgressCommandsTest {
    private final NetworkProgrammer programmer = new NetworkProgrammer(PolicyCommandsTest.NONE, Duration.ZERO, false);
    private final NetworkModel model = new NetworkModel(FlowCompiler.ovsHosts(), Network.empty().apply(
            Change.configureEgress(EgressSettings.of("10.255.0.0/16", List.of("203.0.113.9"), "per-app"))),
            SubnetPool.defaults(), new InMemoryStore(), programmer);
    private final PolicyIds ids = new PolicyIds(model.network());
    private final EgressService egress = new EgressService(model, ids, StoredState.empty());
    private final GroupService groups = new GroupService(model, ids, StoredState.empty());

    @AfterEach
    void close() {
        programmer.close();
    }

    private String createDestination(String name, String protocol, String ips, String ports) throws Exception {
        DestinationCreate create = new DestinationCreate();
        create.egress = egress;
        create.name = name;
        create.protocol = protocol;
        create.ips = ips;
        create.ports = ports;
        create.description = "the " + name;
        return create.run();
    }

    private String createPolicy(String source, String destination, boolean space) throws Exception {
        EgressPolicyCreate create = new EgressPolicyCreate();
        create.egress = egress;
        create.source = source;
        create.destination = destination;
        create.space = space;
        return create.run();
    }

    @Test
    void destinationsAndEgressPoliciesAreCreatedListedAndDeleted() throws Exception {
        assertThat(createDestination("db", "tcp", "192.0.2.10,192.0.2.20-192.0.2.29", "5432"))
                .matches("created: destination db id [0-9a-f-]{36} tag [0-9A-F]{6}");
        DestinationList list = new DestinationList();
        list.egress = egress;
        assertThat(list.run()).contains("db", "tcp 192.0.2.10,192.0.2.20-192.0.2.29 5432", "any NAT gateway",
                "the db");

        assertThat(createPolicy("web", "db", false)).isEqualTo("created: egress policy 1: app web -> db");
        EgressPolicyList policies = new EgressPolicyList();
        policies.egress = egress;
        assertThat(policies.run()).contains("1", "app", "web", "db", "all");
        EgressAddresses addresses = new EgressAddresses();
        addresses.egress = egress;
        assertThat(addresses.run()).startsWith("nat.mode per-app, nat.pool of 1 addresses")
                .contains("web", "203.0.113.9", "(no live gateway)").doesNotContain("WARNING");
        assertThatThrownBy(() -> createPolicy("api", "db", false)).isInstanceOf(EgressException.class)
                .hasMessageStartingWith("nat.pool has 1 addresses, too few for nat.mode per-app");
        assertThat(addresses.run()).contains("WARNING: a change was refused: nat.pool has 1 addresses");

        DestinationDelete delete = new DestinationDelete();
        delete.egress = egress;
        delete.destination = "db";
        assertThatThrownBy(delete::run).hasMessageStartingWith("destination is still in use: egress policies [").hasMessageEndingWith("] (delete them first)");
        EgressPolicyDelete deletePolicy = new EgressPolicyDelete();
        deletePolicy.egress = egress;
        deletePolicy.id = "1";
        assertThat(deletePolicy.run()).isEqualTo("deleted: egress policy 1: app web -> destination "
                + egress.find("db").orElseThrow().id());
        assertThat(delete.run()).startsWith("deleted: destination db id ");
        assertThat(list.run()).doesNotContain("192.0.2.10");
    }

    @Test
    void badRulesAreRefusedWithTheRestApisMessages() {
        assertThatThrownBy(() -> createDestination("x", "icmp", "192.0.2.1", "80"))
                .hasMessage("ports are not supported for icmp protocol");
        assertThatThrownBy(() -> createDestination("x", "tcp", "2001:db8::1", "80"))
                .hasMessage("invalid ip address '2001:db8::1', must be a valid IPv4 address");
        assertThatThrownBy(() -> createDestination("x", "tcp", "10.255.1.0-10.255.1.9", "80"))
                .hasMessageContaining("overlaps the overlay 10.255.0.0/16");
        assertThatThrownBy(() -> createPolicy("web", "nope", false)).hasMessage("unknown destination 'nope'");
        assertThat(egress.destinations(java.util.Set.of(), java.util.Set.of())).isEmpty();
    }

    private String createGroup(String id, String name, String... members) throws Exception {
        GroupCreate create = new GroupCreate();
        create.groups = groups;
        create.id = id;
        create.name = name;
        create.members = List.of(members);
        return create.run();
    }

    @Test
    void aGroupIsASpaceThatEgressPoliciesName() throws Exception {
        assertThat(createGroup("space-1", "dev", "web", "api")).isEqualTo("group space-1 (dev): 2 members api,web");
        GroupList list = new GroupList();
        list.groups = groups;
        assertThat(list.run()).contains("space-1", "dev", "api,web");

        createDestination("dns", "udp", "198.51.100.53", "53");
        assertThatThrownBy(() -> createPolicy("space-1", "dns", true)).as("two apps, one pool address")
                .hasMessageStartingWith("nat.pool has 1 addresses");
        createGroup("space-1", "dev", "web");
        assertThat(createPolicy("space-1", "dns", true)).isEqualTo("created: egress policy 2: space space-1 -> dns");
        GroupDelete delete = new GroupDelete();
        delete.groups = groups;
        delete.id = "space-1";
        assertThatThrownBy(delete::run).hasMessage("group 'space-1' is used by egress policies [2]; remove them first");
    }

    @Test
    void groupPoliciesGoToAGroupOrToOneApp() throws Exception {
        createGroup("space-1", "dev", "web");
        GroupPolicyCreate create = new GroupPolicyCreate();
        create.groups = groups;
        create.source = "space-1";
        create.destination = "db";
        create.protocol = "tcp";
        create.ports = "5432";
        create.app = true;
        assertThat(create.run()).isEqualTo("created: group policy 1: group space-1 -> app db tcp 5432");
        create.destination = "space-1";
        create.app = false;
        create.ports = "80-81";
        assertThat(create.run()).isEqualTo("created: group policy 2: group space-1 -> group space-1 tcp 80-81");
        create.destination = "nope";
        assertThatThrownBy(create::run).hasMessage("unknown group 'nope'");

        GroupPolicyList list = new GroupPolicyList();
        list.groups = groups;
        assertThat(list.run()).contains("app db", "group space-1", "5432", "80-81");
        GroupPolicyDelete delete = new GroupPolicyDelete();
        delete.groups = groups;
        delete.id = 1;
        assertThat(delete.run()).isEqualTo("deleted: group policy 1: group space-1 -> app db tcp 5432");
        assertThat(list.run()).doesNotContain("app db");
    }
}
