package io.appnet.controller.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.controller.ControllerConfig;
import io.appnet.controller.e2e.ControllerLab;
import io.appnet.controller.policy.PolicySpec;
import io.appnet.openflow.action.Instruction;
import io.appnet.openflow.match.Match;
import io.appnet.openflow.match.OxmField;
import io.appnet.openflow.match.OxmTlv;
import io.appnet.openflow.message.BarrierReply;
import io.appnet.openflow.message.BarrierRequest;
import io.appnet.openflow.message.BundleAdd;
import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.BundleFlag;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModFlag;
import io.appnet.openflow.message.OfMessage;
import io.appnet.openflow.message.OfReserved;
import io.appnet.openflow.text.FlowText;
import io.appnet.ovs.harness.LabHost;
import io.appnet.ovs.harness.LabSpec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The simulator's validation (issue 13): three real OVS hosts join the controller, each through an
 * {@link OpenflowTee} that also feeds a {@link SimSwitch} everything the controller sends in the same run. After
 * instances, policy adds and a delete, and requests OVS refuses, the simulator's final tables (as
 * {@code ovs-ofctl dump-flows} text without statistics) and its answers to every request equal real OVS's.
 */
@Tag("ovs")
class SimulatorValidationOvsTest {
    private static final int X = OpenflowTee.INJECTED_XIDS;
    private static final Match TCP = Match.of(OxmTlv.exact(OxmField.ETH_TYPE, 0x800), OxmTlv.exact(OxmField.IP_PROTO, 6));
    private final List<OpenflowTee> tees = new ArrayList<>();
    private final List<SimFlowTable> tables = new ArrayList<>();
    private ControllerLab lab;

    @AfterEach
    void tearDown() throws Exception {
        for (OpenflowTee tee : tees) {
            tee.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void onTheThreeHostScenarioTheSimulatorsTablesAndAnswersEqualRealOvs() throws Exception {
        // Plain TCP: the tee reads what the controller sends each switch, which TLS would hide.
        lab = ControllerLab.start(LabSpec.of("psv", 3), 0, Duration.ZERO, ControllerConfig::withPlaintext);
        String address = lab.lab().controllerAddress();
        InetSocketAddress openflow = new InetSocketAddress(address, lab.controller().openflowAddress().getPort());
        for (LabHost host : lab.lab().hosts()) {
            long datapath = Long.parseUnsignedLong(host.vsctl("get", "bridge", "br-int", "datapath_id").strip()
                    .replace("\"", ""), 16);
            SimFlowTable table = new SimFlowTable();
            OpenflowTee tee = new OpenflowTee(openflow, new SimSwitch(datapath, table));
            tables.add(table);
            tees.add(tee);
            host.setManager("tcp:" + address + ":" + lab.controller().ovsdbAddress().getPort());
            host.setController("tcp:" + address + ":" + tee.port());
        }
        lab.lab().hosts().forEach(lab::awaitJoined);
        List<String> apps = List.of("web", "api", "db");
        int instance = 0;
        for (LabHost host : lab.lab().hosts()) {
            Ipv4Prefix subnet = lab.subnetOf(host.name());
            for (String app : apps.subList(0, 2)) {
                String port = "i" + instance;
                host.vsctl("add-port", "br-int", port, "--", "set", "interface", port, "type=internal",
                        "external_ids:appnet-app-guid=" + apps.get((instance + (app.equals("web") ? 0 : 1)) % 3),
                        "external_ids:appnet-ip=" + subnet.network().plus(10 + instance),
                        String.format("external_ids:attached-mac=\"02:00:00:00:00:%02x\"", instance));
                instance++;
            }
        }
        lab.awaitInstances(6);
        List<PolicySpec> policies = List.of(PolicySpec.parse("web", "api", "tcp", 8080, 8080, false),
                PolicySpec.parse("api", "db", "tcp", 5432, 5432, false),
                PolicySpec.parse("web", "db", "udp", 53, 53, false));
        lab.controller().policies().create(policies).join();
        lab.controller().policies().delete(List.of(policies.get(2))).join();
        lab.lab().hosts().forEach(lab::awaitJoined);

        for (int i = 0; i < tees.size(); i++) {
            OpenflowTee tee = tees.get(i);
            tee.freeze();
            refusedRequests().forEach(message -> inject(tee, message));
            ControllerLab.await(Duration.ofSeconds(10), () -> tee.switchAnswers().stream()
                    .anyMatch(answer -> answer instanceof BarrierReply && answer.xid() == X + 99),
                    () -> "the switch answers the final barrier");
            LabHost host = lab.lab().hosts().get(i);

            Map<Long, String> ovs = SimAnswers.byXid(tee.switchAnswers());
            assertThat(SimAnswers.byXid(tee.simulatorAnswers())).as("answers of %s", host.name()).isEqualTo(ovs);
            assertThat(ovs).as("the refusals were exercised").containsValue("error type 3 code 2")
                    .containsValue("error type 5 code 3");
            List<String> real = FlowText.normalizeDump(host.ofctl("-O", "OpenFlow13", "dump-flows", "br-int"))
                    .stream().sorted().toList();
            List<String> simulated = tables.get(i).stats(OfReserved.TABLE_ALL).stream().map(FlowText::of)
                    .sorted().toList();
            assertThat(simulated).as("flow tables of %s", host.name()).isEqualTo(real).isNotEmpty();
        }
    }

    /** What OVS refuses (and some it accepts), with xids the tee keeps from the controller; ends with a barrier. */
    private static List<OfMessage> refusedRequests() {
        List<Instruction> gotoFive = List.of(new Instruction.GotoTable(5));
        FlowMod probe = FlowMod.add(200, 5, Match.ANY, List.of());
        Set<BundleFlag> flags = Set.of(BundleFlag.ATOMIC, BundleFlag.ORDERED);
        return List.of(
                FlowMod.add(10, 7, Match.ANY, gotoFive).withXid(X + 1),
                FlowMod.add(5, 7, Match.ANY, gotoFive).withXid(X + 2),
                FlowMod.add(254, 7, Match.ANY, List.of()).withXid(X + 3),
                probe.withXid(X + 4),
                probe.withXid(X + 5),
                probe.withFlags(FlowModFlag.CHECK_OVERLAP).withXid(X + 6),
                FlowMod.add(200, 5, TCP, List.of()).withFlags(FlowModFlag.CHECK_OVERLAP).withXid(X + 11),
                FlowMod.deleteStrict(200, 5, Match.ANY).withXid(X + 7),
                BundleControl.open(X + 8, X + 1L, flags),
                BundleAdd.of(X + 1L, flags, FlowMod.add(10, 7, Match.ANY, gotoFive).withXid(X + 9)),
                BundleControl.discard(X + 10, X + 1L, flags),
                new BarrierRequest(X + 99));
    }

    private static void inject(OpenflowTee tee, OfMessage message) {
        try {
            tee.inject(message);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
