package io.appnet.compiler.firewall;

import static io.appnet.compiler.firewall.FirewallScenario.PLATFORM;
import static io.appnet.compiler.firewall.FirewallScenario.PROTECTED;
import static io.appnet.compiler.firewall.FirewallScenario.TUNNEL_H1;
import static io.appnet.compiler.firewall.FirewallScenario.TUNNEL_H2;
import static io.appnet.compiler.firewall.FirewallScenario.outputOn;
import static io.appnet.compiler.firewall.FirewallScenario.rules;
import static io.appnet.compiler.firewall.FirewallScenario.tcpIn;
import static io.appnet.compiler.firewall.FirewallScenario.tcpReply;
import static io.appnet.compiler.firewall.FirewallScenario.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.flow.Action;
import io.appnet.compiler.flow.FieldMatch;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.trace.Packet;
import io.appnet.compiler.trace.TraceResult;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The firewall profile on {@link FirewallScenario}, run by the interpreter: what passes, what does not. */
class FirewallCompilerTest {

    private static final Network NETWORK = FirewallScenario.network();
    private static final Guard DB = new Guard.App("db");
    private static final Guard LEDGER = new Guard.Destination("ledger");

    static Stream<Arguments> modesAndTables() {
        return Stream.of(FirewallScenario.nat(), new Identity.InstanceIp(), FirewallScenario.vxlan())
                .flatMap(identity -> Stream.of(Arguments.of(identity, 1), Arguments.of(identity, 2)));
    }

    /** Source address and VNI of app web as each mode sees it. */
    private static String webAddress(Identity identity) {
        return identity instanceof Identity.Nat ? "198.18.0.10" : "10.255.1.2";
    }

    private static String apiAddress(Identity identity) {
        return identity instanceof Identity.Nat ? "198.18.0.11" : "10.255.1.3";
    }

    private static String batchAddress(Identity identity) {
        return identity instanceof Identity.Nat ? "198.18.0.12" : "10.255.2.4";
    }

    @ParameterizedTest
    @MethodSource("modesAndTables")
    void theAllowedAppReachesItsPortOnlyAndOtherAppsDoNot(Identity identity, int tables) {
        FirewallRules rules = rules(NETWORK, FirewallScenario.guarding(identity, DB),
                FirewallScenario.tables(tables, 10_000));
        int web = NETWORK.appId("web").orElseThrow().value();
        int api = NETWORK.appId("api").orElseThrow().value();
        int batch = NETWORK.appId("batch").orElseThrow().value();

        assertThat(outputOn(trace(rules, tcpIn(identity, web, webAddress(identity), "10.255.2.3", 5432)), PROTECTED))
                .isTrue();
        assertThat(trace(rules, tcpIn(identity, web, webAddress(identity), "10.255.2.3", 5433)).outputs()).isEmpty();
        assertThat(trace(rules, tcpIn(identity, api, apiAddress(identity), "10.255.2.3", 5432)).outputs()).isEmpty();
        assertThat(outputOn(trace(rules, tcpIn(identity, api, apiAddress(identity), "10.255.2.3", 8099)), PROTECTED))
                .isTrue();
        assertThat(trace(rules, tcpIn(identity, batch, batchAddress(identity), "10.255.2.3", 5432)).outputs())
                .isEmpty();
        assertThat(trace(rules, tcpIn(identity, web, webAddress(identity), "10.255.2.4", 5432)).outputs())
                .as("batch's instance is not guarded").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("modesAndTables")
    void repliesFromTheServicePortGoBackAndNothingElseComesOut(Identity identity, int tables) {
        FirewallRules rules = rules(NETWORK, FirewallScenario.guarding(identity, DB),
                FirewallScenario.tables(tables, 10_000));
        long back = identity instanceof Identity.Vxlan ? TUNNEL_H1 : PLATFORM;

        TraceResult reply = trace(rules, tcpReply("10.255.2.3", 5432, webAddress(identity)));
        assertThat(outputOn(reply, back)).isTrue();
        if (identity instanceof Identity.Vxlan) {
            assertThat(reply.outputs().get(0).packet().get(MatchField.TUN_ID))
                    .as("re-tagged with db's app ID").isEqualTo(NETWORK.appId("db").orElseThrow().value());
        }
        assertThat(trace(rules, tcpReply("10.255.2.3", 5433, webAddress(identity))).outputs()).isEmpty();
        TraceResult toApi = trace(rules, tcpReply("10.255.2.3", 5432, apiAddress(identity)));
        if (identity instanceof Identity.Vxlan) {
            // vxlan replies are per host (its subnet), not per app: web on h1 may use 5432, so all of h1 gets replies.
            assertThat(outputOn(toApi, TUNNEL_H1)).isTrue();
        } else {
            assertThat(toApi.outputs()).as("api may not use db's port 5432").isEmpty();
        }
    }

    @Test
    void vxlanRepliesGoToTheTunnelOfTheHostHoldingTheAddress() {
        FirewallRules rules = rules(NETWORK, FirewallScenario.guarding(FirewallScenario.vxlan(), DB),
                FirewallScenario.tables(2, 10_000));

        TraceResult toH2 = trace(rules, tcpReply("10.255.2.3", 5432, "10.255.2.2"));

        assertThat(toH2.outputs()).extracting(TraceResult.Output::port).containsExactly(TUNNEL_H2);
    }

    @Test
    void aTunnelHostThatLeftGetsNoRepliesAndTheOthersKeepTheirs() {
        Network withoutH1 = NETWORK.apply(Change.removeHost(io.appnet.compiler.model.HostId.of("h1")));
        FirewallRules rules = rules(withoutH1, FirewallScenario.guarding(FirewallScenario.vxlan(), DB),
                FirewallScenario.tables(2, 10_000));

        assertThat(trace(rules, tcpReply("10.255.2.3", 5432, "10.255.1.2")).outputs()).isEmpty();
        assertThat(outputOn(trace(rules, tcpReply("10.255.2.3", 5432, "10.255.2.2")), TUNNEL_H2)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("modesAndTables")
    void aGuardedDestinationIsReachedUnderItsEgressPolicies(Identity identity, int tables) {
        FirewallRules rules = rules(NETWORK, FirewallScenario.guarding(identity, LEDGER),
                FirewallScenario.tables(tables, 10_000));
        int web = NETWORK.appId("web").orElseThrow().value();
        int batch = NETWORK.appId("batch").orElseThrow().value();

        assertThat(outputOn(trace(rules, tcpIn(identity, web, webAddress(identity), "10.200.0.15", 8050)), PROTECTED))
                .isTrue();
        assertThat(trace(rules, tcpIn(identity, web, webAddress(identity), "10.200.0.16", 8050)).outputs()).isEmpty();
        assertThat(trace(rules, tcpIn(identity, batch, batchAddress(identity), "10.200.0.15", 443)).outputs())
                .isEmpty();
    }

    @Test
    void icmpPolicyLetsEchoThroughAndItsRepliesBack() {
        FirewallRules rules = rules(NETWORK, FirewallScenario.guarding(new Identity.InstanceIp(), DB),
                FirewallScenario.tables(2, 10_000));
        Packet echo = Packet.icmpEcho(FirewallScenario.MAC, FirewallScenario.MAC, Ipv4Address.parse("10.255.1.2"),
                Ipv4Address.parse("10.255.2.3"), true).onPort(PLATFORM);
        Packet echoReply = Packet.icmpEcho(FirewallScenario.MAC, FirewallScenario.MAC, Ipv4Address.parse("10.255.2.3"),
                Ipv4Address.parse("10.255.1.2"), false).onPort(PROTECTED);

        assertThat(outputOn(trace(rules, echo), PROTECTED)).isTrue();
        assertThat(outputOn(trace(rules, echoReply), PLATFORM)).isTrue();
    }

    @Test
    void twoTablesGrowAsSourcesPlusRulesOneTableAsTheirProduct() {
        // web has 2 instances: 2 source addresses; api 1.
        FirewallRules two = rules(NETWORK, FirewallScenario.guarding(new Identity.InstanceIp(), DB),
                FirewallScenario.tables(2, 10_000));
        FirewallRules one = rules(NETWORK, FirewallScenario.guarding(new Identity.InstanceIp(), DB),
                FirewallScenario.tables(1, 10_000));

        // Two tables: classify 3 source addresses + 3 reply addresses + drop; policy table: drop + per policy its
        // services forward and back: 5432 (1), 8000-8099 (3 aligned blocks: 8000/64, 8064/32, 8096/4), icmp (1).
        // One table: drop + web's 2 addresses x (5432, icmp) x both ways + api's 1 address x 3 blocks x both ways.
        assertThat(two.tables()).extracting(TableNeed::needed).containsExactly(7L, 1L + 2 * (1 + 3 + 1));
        assertThat(one.tables()).extracting(TableNeed::needed).containsExactly(1L + 2 * 2 * (1 + 1) + 2 * 3);
    }

    @Test
    void instanceAddedIsAllowedInstanceRemovedIsNot() {
        Network moved = NETWORK.apply(Change.removeInstance("web-1"))
                .apply(Change.addInstance("web-3", "web", "h2", 5, "10.255.2.5", "02:00:00:00:02:05"));
        FirewallRules rules = rules(moved, FirewallScenario.guarding(new Identity.InstanceIp(), DB),
                FirewallScenario.tables(2, 10_000));
        Identity ip = new Identity.InstanceIp();

        assertThat(outputOn(trace(rules, tcpIn(ip, 1, "10.255.2.5", "10.255.2.3", 5432)), PROTECTED)).isTrue();
        assertThat(trace(rules, tcpIn(ip, 1, "10.255.1.2", "10.255.2.3", 5432)).outputs()).isEmpty();
    }

    @Test
    void withoutPortMasksPortRangesBecomeExactPorts() {
        Capabilities noMasks = Capabilities.of(TableFeatures.everything(0, 10_000),
                TableFeatures.everything(1, 10_000).withoutMask(MatchField.TCP_DST).withoutMask(MatchField.TCP_SRC));
        FirewallRules rules = rules(NETWORK, FirewallScenario.guarding(new Identity.InstanceIp(), DB), noMasks);

        assertThat(rules.flows()).allSatisfy(flow -> assertThat(flow.match().fields())
                .allMatch(field -> field.mask() == field.field().fullMask() || field.field() == MatchField.IPV4_DST
                        || field.field() == MatchField.IPV4_SRC));
        assertThat(rules.tables().get(1).byPolicy()).containsEntry(2L, 200L);
        assertThat(outputOn(trace(rules, tcpIn(new Identity.InstanceIp(), 2, "10.255.1.3", "10.255.2.3", 8042)),
                PROTECTED)).isTrue();
    }

    @Test
    void everyRuleIsStandardOpenFlow13() {
        for (Identity identity : List.of(FirewallScenario.nat(), new Identity.InstanceIp(), FirewallScenario.vxlan())) {
            for (int tables = 1; tables <= 2; tables++) {
                FirewallRules rules = rules(NETWORK, FirewallScenario.guarding(identity, DB, LEDGER),
                        FirewallScenario.tables(tables, 10_000));
                assertThat(rules.flows()).isNotEmpty().allSatisfy(FirewallCompilerTest::assertStandard);
            }
        }
    }

    static void assertStandard(FlowEntry flow) {
        assertThat(flow.match().fields()).extracting(FieldMatch::field).allMatch(MatchField::standard);
        assertThat(flow.instructions().actions()).allMatch(Action::standard)
                .allMatch(action -> action instanceof Action.Output || action instanceof Action.SetField);
    }

    /** For {@code src/test/sh/firewall-traffic.sh}: the rules real TCP is then sent through. */
    @Test
    void scenarioRulesAreWrittenForTheRealTrafficCheck() throws java.io.IOException {
        FirewallRules rules = rules(NETWORK, FirewallScenario.guarding(new Identity.InstanceIp(), DB),
                FirewallScenario.tables(2, 10_000));
        java.nio.file.Path out = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "firewall-export"));

        java.nio.file.Files.writeString(out.resolve("scenario-instance-ip-2.flows"), rules.ofctl());

        assertThat(rules.ofctl()).contains("tp_dst=5432 actions=output:1");
    }

    @Test
    void theOperatorsBudgetWinsOverTheDevice() {
        Firewall budgeted = new Firewall("fw1", 0xf1, PROTECTED, PLATFORM, List.of(DB), new Identity.InstanceIp(),
                Optional.of(Budget.of(1, 500)));

        FirewallRules rules = rules(NETWORK, budgeted, FirewallScenario.tables(4, 1_000_000));

        assertThat(rules.tables()).extracting(TableNeed::tableId, TableNeed::available)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 500L));
    }
}
