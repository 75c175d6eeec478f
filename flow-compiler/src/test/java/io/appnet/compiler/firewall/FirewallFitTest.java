package io.appnet.compiler.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.ModelException;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Refusals (all or nothing, naming table, need, limit and policies) and bad registrations. */
class FirewallFitTest {

    private static final Network NETWORK = FirewallScenario.network();
    private static final Guard DB = new Guard.App("db");

    @Test
    void overBudgetIsRefusedNamingTableNeedLimitAndThePoliciesThatTakeTheMost() {
        FirewallResult result = FirewallCompiler.compile(NETWORK,
                FirewallScenario.guarding(new Identity.InstanceIp(), DB), FirewallScenario.tables(2, 10));

        assertThat(result).isInstanceOf(Refusal.class);
        Refusal refusal = (Refusal) result;
        assertThat(refusal.tables()).filteredOn(need -> !need.fits()).singleElement()
                .satisfies(need -> assertThat(need.tableId()).isEqualTo(1))
                .satisfies(need -> assertThat(need.needed()).isEqualTo(11));
        assertThat(refusal.render()).contains("firewall fw1: the policy does not fit; nothing deployed")
                .contains("table 1: needs 11 entries, has 10; largest: policy 2 (6), policy 1 (2), policy 3 (2)")
                .doesNotContain("table 0:");
    }

    @Test
    void exactPortsThatDoNotFitAreCountedWithoutBeingBuilt() {
        Network wide = NETWORK.apply(Change.addPolicy(4, "api", "db", Protocol.TCP, PortRange.of(1, 65535)));
        TableFeatures noMasks = TableFeatures.everything(1, 1_000_000).withoutMask(MatchField.TCP_DST)
                .withoutMask(MatchField.TCP_SRC);
        Network many = wide;
        for (int i = 0; i < 20; i++) {
            many = many.apply(Change.addInstance("api-x" + i, "api", "h1", 10 + i, "10.255.1." + (10 + i),
                    String.format("02:00:00:00:01:%02x", 10 + i)));
        }

        FirewallResult result = FirewallCompiler.compile(many, FirewallScenario.guarding(new Identity.InstanceIp(), DB),
                Capabilities.of(noMasks));

        assertThat(((Refusal) result).render()).contains("table 1: needs up to ").contains("policy 4 (");
    }

    @Test
    void aFieldTheDeviceCannotMatchOrMaskIsRefusedWithThePoliciesThatNeedIt() {
        // vxlan replies match the host's subnet (nw_dst/24): a mask; tp_dst unmaskable only means exact ports.
        TableFeatures noTunnelId = new TableFeatures(0, 1000, EnumSet.of(MatchField.IN_PORT, MatchField.ETH_TYPE,
                MatchField.IPV4_SRC, MatchField.IPV4_DST, MatchField.IP_PROTO, MatchField.TCP_DST, MatchField.TCP_SRC,
                MatchField.ICMP_TYPE, MatchField.METADATA), EnumSet.of(MatchField.IPV4_SRC),
                EnumSet.allOf(TableFeatures.Instruction.class), EnumSet.allOf(TableFeatures.ActionType.class), Set.of());

        Refusal refusal = (Refusal) FirewallCompiler.compile(NETWORK,
                FirewallScenario.guarding(FirewallScenario.vxlan(), DB), Capabilities.of(noTunnelId));

        assertThat(refusal.unsupported()).extracting(Unsupported::toString)
                .contains("table 0: match field tun_id is not supported (needed by policy 1, policy 2, policy 3)")
                .contains("table 0: match field nw_dst needs a mask and is not maskable (needed by policy 1, policy 2, policy 3)")
                .contains("table 0: set_field of tun_id is not supported (needed by policy 1, policy 2, policy 3)");
    }

    @Test
    void withoutWriteMetadataTwoTablesAreRefusedNotSilentlyFlattened() {
        TableFeatures noWrite = new TableFeatures(0, 1000, TableFeatures.everything(0, 1).match(),
                TableFeatures.everything(0, 1).maskable(), EnumSet.of(TableFeatures.Instruction.APPLY_ACTIONS,
                TableFeatures.Instruction.GOTO_TABLE), EnumSet.allOf(TableFeatures.ActionType.class), Set.of());

        Refusal refusal = (Refusal) FirewallCompiler.compile(NETWORK,
                FirewallScenario.guarding(new Identity.InstanceIp(), DB),
                Capabilities.of(noWrite, TableFeatures.everything(1, 1000)));

        assertThat(refusal.render()).contains("table 0: instruction write_metadata is not supported "
                + "(needed by source classification)");
    }

    @Test
    void badRegistrationsNameTheField() {
        assertThatThrownBy(() -> new Firewall("fw 1", 1, 1, 2, List.of(DB), new Identity.InstanceIp(),
                Optional.empty())).isInstanceOf(ModelException.class).hasMessageStartingWith("name: ");
        assertThatThrownBy(() -> new Firewall("fw1", 0, 1, 2, List.of(DB), new Identity.InstanceIp(),
                Optional.empty())).hasMessageStartingWith("datapath_id: ");
        assertThatThrownBy(() -> new Firewall("fw1", 1, 1, 1, List.of(DB), new Identity.InstanceIp(),
                Optional.empty())).hasMessageStartingWith("platform_port: 1 is also the protected_port");
        assertThatThrownBy(() -> new Firewall("fw1", 1, 0, 2, List.of(DB), new Identity.InstanceIp(),
                Optional.empty())).hasMessageStartingWith("protected_port: 0 is outside");
        assertThatThrownBy(() -> new Firewall("fw1", 1, 1, 2, List.of(), new Identity.InstanceIp(),
                Optional.empty())).hasMessageStartingWith("guards: ");
        assertThatThrownBy(() -> new Identity.Nat(new TreeMap<>(Map.of("a", Ipv4Address.parse("1.1.1.1"),
                "b", Ipv4Address.parse("1.1.1.1"))))).hasMessageStartingWith("identity.addresses: 1.1.1.1 is given to both");
        assertThatThrownBy(() -> new Identity.Vxlan(new TreeMap<>(Map.of(HostId.of("h1"), 0L))))
                .hasMessageStartingWith("identity.tunnel_ports[h1]: 0 is outside");
        assertThatThrownBy(() -> Budget.of(0, 10)).hasMessageStartingWith("budget.tables: 0");
        assertThatThrownBy(() -> FirewallCompiler.compile(NETWORK, FirewallScenario.guarding(
                new Identity.InstanceIp(), new Guard.App("nope")), FirewallScenario.tables(2, 10)))
                .hasMessage("guards: no app 'nope'");
        assertThatThrownBy(() -> Capabilities.of(TableFeatures.everything(3, 10), TableFeatures.everything(1, 10)))
                .hasMessageStartingWith("tables: table ids must increase");
    }
}
