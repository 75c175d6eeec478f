package io.appnet.controller.southbound;

import static io.appnet.controller.southbound.SouthboundLab.CONTROLLED_BRIDGE;
import static io.appnet.controller.southbound.SouthboundLab.REFERENCE_BRIDGE;
import static io.appnet.controller.southbound.SouthboundLab.await;
import static io.appnet.openflow.action.Action.group;
import static io.appnet.openflow.action.Action.output;
import static io.appnet.openflow.action.Instruction.applyActions;
import static io.appnet.openflow.action.Instruction.gotoTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.openflow.action.Action;
import io.appnet.openflow.action.Instruction;
import io.appnet.openflow.action.OfPorts;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.connection.OfConnectionConfig;
import io.appnet.openflow.connection.OfErrorException;
import io.appnet.openflow.match.Match;
import io.appnet.openflow.message.AggregateStatsReply;
import io.appnet.openflow.message.AggregateStatsRequest;
import io.appnet.openflow.message.BundleAdd;
import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.BundleControlType;
import io.appnet.openflow.message.BundleFlag;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModFlag;
import io.appnet.openflow.message.FlowSelection;
import io.appnet.openflow.message.FlowStats;
import io.appnet.openflow.message.OfMessage;
import io.appnet.openflow.message.OfReserved;
import io.appnet.openflow.message.PacketOut;
import io.appnet.openflow.message.PortDescReply;
import io.appnet.openflow.message.PortDescRequest;
import io.appnet.openflow.text.FlowText;
import io.appnet.ovs.harness.CommandFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The codec against a real Open vSwitch 3.1 bridge: every flow of {@link FlowCases} sent by the controller ends
 * up exactly as the same flow written for {@code ovs-ofctl add-flow} on a twin bridge, and the codec's own reading
 * of it (flow statistics reply) prints as ovs-ofctl prints it. Modify/delete, bundles, aggregate and port-desc
 * replies and refused flows are compared with what ovs-ofctl does and reports on the same host.
 */
@Tag("ovs")
class CodecOnRealOvsTest {
    /** The switch's answer, or ovs-ofctl's own check of the same rule ("actions are invalid ... (OFPBIC_...)"). */
    private static final Pattern OFCTL_ERROR = Pattern.compile(
            "(?:OFPT_ERROR \\(OF1\\.3\\) \\(xid=0x[0-9a-f]+\\): |\\()(OFP[A-Z]+_[A-Z_]+)");
    private static final Pattern PORT_DESC = Pattern.compile("^ (\\S+)\\((\\S+)\\): addr:([0-9a-f:]{17})$",
            Pattern.MULTILINE);
    private static final Pattern AGGREGATE = Pattern.compile("packet_count=(\\d+) byte_count=(\\d+) flow_count=(\\d+)");
    private static final Pattern N_PACKETS = Pattern.compile("cookie=(0x[0-9a-f]+), .*n_packets=(\\d+), n_bytes=(\\d+),");

    private static SouthboundLab lab;
    private static OfConnection connection;

    @BeforeAll
    static void start() throws Exception {
        lab = SouthboundLab.start("codec", OfConnectionConfig.defaults());
        connection = lab.connect();
        for (String bridge : List.of(CONTROLLED_BRIDGE, REFERENCE_BRIDGE)) {
            lab.ofctl("add-group", bridge, "group_id=" + FlowCases.GROUP_ID + ",type=all,bucket=output:1");
            lab.ofctl("add-meter", bridge, "meter=" + FlowCases.METER_ID + ",pktps,band=type=drop,rate=1000");
        }
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @BeforeEach
    void startEmpty() throws Exception {
        lab.clearFlows();
    }

    static List<FlowCases.Case> flowCases() {
        return FlowCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flowCases")
    void flowInstalledByTheControllerIsTheFlowOvsOfctlInstalls(FlowCases.Case flow) throws Exception {
        lab.apply(flow.flowMod());
        lab.ofctl("add-flow", REFERENCE_BRIDGE, flow.ofctlText());

        List<String> installed = lab.dump(CONTROLLED_BRIDGE);
        assertThat(installed).as("br-int after the controller's flow-mod").hasSize(1)
                .isEqualTo(lab.dump(REFERENCE_BRIDGE));
        assertThat(lab.flowStats()).as("the flow as the codec decodes it from a flow stats reply").isEqualTo(installed);
        assertThat(FlowText.of(flow.flowMod())).as("the flow we meant").isEqualTo(installed.get(0));
    }

    /** Flows on both bridges before each modify/delete: tables, cookies, outputs and a group to select by. */
    private static final List<FlowCases.Case> BASE = List.of(
            base("table=0,cookie=0x11,priority=200,tcp,tp_dst=80,actions=output:2",
                    add(0, 200, Match.builder().tcp().tcpDst(80).build(), 0x11, output(2))),
            base("table=0,cookie=0x12,priority=100,tcp,actions=output:3",
                    add(0, 100, Match.builder().tcp().build(), 0x12, output(3))),
            base("table=0,cookie=0x21,priority=100,udp,actions=output:2",
                    add(0, 100, Match.builder().udp().build(), 0x21, output(2))),
            base("table=0,cookie=0x22,priority=50,ip,actions=group:" + FlowCases.GROUP_ID,
                    add(0, 50, Match.builder().ip().build(), 0x22, group(FlowCases.GROUP_ID))),
            base("table=1,cookie=0x13,priority=100,ip,nw_dst=10.0.0.0/8,actions=output:2",
                    add(1, 100, Match.builder().ip().ipv4Dst("10.0.0.0/8").build(), 0x13, output(2))),
            base("table=1,cookie=0x31,priority=10,actions=output:4",
                    add(1, 10, Match.ANY, 0x31, output(4))));

    record Change(String name, FlowMod flowMod, List<String> ofctl, boolean changesFlows) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Change> changes() {
        Match tcp80 = Match.builder().tcp().tcpDst(80).build();
        List<Instruction> out9 = List.of(applyActions(output(9)));
        return List.of(
                new Change("modify tcp in table 0 with cookie 0x10/0xf0",
                        FlowMod.modify(0, Match.builder().tcp().build(), out9).withCookie(0x10, 0xf0),
                        List.of("mod-flows", REFERENCE_BRIDGE, "table=0,cookie=0x10/0xf0,tcp,actions=output:9"), true),
                new Change("modify ip in table 0, no cookie",
                        FlowMod.modify(0, Match.builder().ip().build(), out9),
                        List.of("mod-flows", REFERENCE_BRIDGE, "table=0,ip,actions=output:9"), true),
                new Change("modify with a cookie no flow has",
                        FlowMod.modify(0, Match.ANY, out9).withCookie(0x99, -1L),
                        List.of("mod-flows", REFERENCE_BRIDGE, "table=0,cookie=0x99/-1,actions=output:9"), false),
                new Change("modify_strict priority 200 tcp,tp_dst=80",
                        FlowMod.modifyStrict(0, 200, tcp80, out9),
                        List.of("mod-flows", "--strict", REFERENCE_BRIDGE,
                                "table=0,priority=200,tcp,tp_dst=80,actions=output:9"), true),
                new Change("modify_strict at another priority changes nothing",
                        FlowMod.modifyStrict(0, 201, tcp80, out9),
                        List.of("mod-flows", "--strict", REFERENCE_BRIDGE,
                                "table=0,priority=201,tcp,tp_dst=80,actions=output:9"), false),
                new Change("delete every table with cookie 0x20/0xf0",
                        FlowMod.delete(OfReserved.TABLE_ALL, Match.ANY).withCookie(0x20, 0xf0),
                        List.of("del-flows", REFERENCE_BRIDGE, "cookie=0x20/0xf0"), true),
                new Change("delete every table with out_port 2",
                        FlowMod.delete(OfReserved.TABLE_ALL, Match.ANY).withOutPort(2),
                        List.of("del-flows", REFERENCE_BRIDGE, "out_port=2"), true),
                new Change("delete every table with out_group " + FlowCases.GROUP_ID,
                        FlowMod.delete(OfReserved.TABLE_ALL, Match.ANY).withOutGroup(FlowCases.GROUP_ID),
                        List.of("del-flows", REFERENCE_BRIDGE, "out_group=" + FlowCases.GROUP_ID), true),
                new Change("delete ip in table 1",
                        FlowMod.delete(1, Match.builder().ip().build()),
                        List.of("del-flows", REFERENCE_BRIDGE, "table=1,ip"), true),
                new Change("delete tcp with cookie 0x10/0xf0 and out_port 3",
                        FlowMod.delete(OfReserved.TABLE_ALL, Match.builder().tcp().build()).withCookie(0x10, 0xf0)
                                .withOutPort(3),
                        List.of("del-flows", REFERENCE_BRIDGE, "cookie=0x10/0xf0,tcp,out_port=3"), true),
                new Change("delete_strict priority 200 tcp,tp_dst=80",
                        FlowMod.deleteStrict(0, 200, tcp80),
                        List.of("del-flows", "--strict", REFERENCE_BRIDGE, "table=0,priority=200,tcp,tp_dst=80"), true),
                new Change("delete_strict with a cookie the flow does not have",
                        FlowMod.deleteStrict(0, 200, tcp80).withCookie(0x99, -1L),
                        List.of("del-flows", "--strict", REFERENCE_BRIDGE,
                                "table=0,cookie=0x99/-1,priority=200,tcp,tp_dst=80"), false),
                new Change("delete_strict of the catch-all in table 1 with cookie 0x31/-1",
                        FlowMod.deleteStrict(1, 10, Match.ANY).withCookie(0x31, -1L),
                        List.of("del-flows", "--strict", REFERENCE_BRIDGE, "table=1,cookie=0x31/-1,priority=10"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void modifyAndDeleteSelectTheFlowsOvsOfctlSelects(Change change) throws Exception {
        lab.apply(BASE.stream().map(FlowCases.Case::flowMod).toArray(FlowMod[]::new));
        lab.host().addFlows(REFERENCE_BRIDGE, BASE.stream().map(FlowCases.Case::ofctlText).toArray(String[]::new));
        List<String> before = lab.dump(CONTROLLED_BRIDGE);
        assertThat(before).hasSize(BASE.size()).isEqualTo(lab.dump(REFERENCE_BRIDGE));

        lab.apply(change.flowMod());
        lab.ofctl(change.ofctl().toArray(String[]::new));

        List<String> after = lab.dump(CONTROLLED_BRIDGE);
        assertThat(after).isEqualTo(lab.dump(REFERENCE_BRIDGE));
        assertThat(lab.flowStats()).isEqualTo(after);
        if (change.changesFlows()) {
            assertThat(after).isNotEqualTo(before);
        } else {
            assertThat(after).isEqualTo(before);
        }
    }

    @Test
    void bundleFlowsAppearAllAtCommitAndNoneBefore() throws Exception {
        List<FlowMod> flows = IntStream.range(0, 20)
                .mapToObj(i -> add(0, 100, Match.builder().tcp().tcpDst(1000 + i).build(), 0x100 + i, output(i + 1)))
                .toList();
        Set<BundleFlag> atomic = Set.of(BundleFlag.ATOMIC);
        long bundle = 1;
        assertThat(control(BundleControl.open(connection.nextXid(), bundle, atomic)))
                .isEqualTo(BundleControlType.OPEN_REPLY);
        lab.applyAll(flows.stream().map(f -> BundleAdd.of(bundle, atomic, f.withXid(connection.nextXid()))).toList());
        assertThat(lab.dump(CONTROLLED_BRIDGE)).as("nothing before the commit").isEmpty();

        assertThat(control(BundleControl.commit(connection.nextXid(), bundle, atomic)))
                .isEqualTo(BundleControlType.COMMIT_REPLY);
        lab.host().addFlows(REFERENCE_BRIDGE, IntStream.range(0, 20)
                .mapToObj(i -> "cookie=0x" + Integer.toHexString(0x100 + i) + ",priority=100,tcp,tp_dst=" + (1000 + i)
                        + ",actions=output:" + (i + 1))
                .toArray(String[]::new));
        List<String> installed = lab.dump(CONTROLLED_BRIDGE);
        assertThat(installed).hasSize(20)
                .isEqualTo(lab.dump(REFERENCE_BRIDGE))
                .isEqualTo(flows.stream().map(FlowText::of).sorted().toList());
    }

    @Test
    void bundleWithAFlowTheSwitchRefusesAtCommitInstallsNothingAndNamesTheFlow() throws Exception {
        FlowMod existing = add(0, 1, Match.ANY, 0x1, output(1));
        lab.apply(existing);
        Set<BundleFlag> atomic = Set.of(BundleFlag.ATOMIC);
        long bundle = 2;
        List<FlowMod> flows = List.of(
                add(0, 100, Match.builder().tcp().build(), 0x2, output(2)),
                add(0, 100, Match.builder().udp().build(), 0x3, group(99)), // no group 99: refused when applied
                add(1, 100, Match.ANY, 0x4, output(3)));
        control(BundleControl.open(connection.nextXid(), bundle, atomic));
        // Open vSwitch checks groups at commit and then answers the failed add's own xid, so keep listening on it.
        List<CompletableFuture<List<OfMessage>>> adds = new ArrayList<>();
        for (FlowMod flow : flows) {
            adds.add(connection.requestAll(BundleAdd.of(bundle, atomic, flow.withXid(connection.nextXid())), m -> true));
        }

        assertThatThrownBy(() -> control(BundleControl.commit(connection.nextXid(), bundle, atomic)))
                .isInstanceOf(OfErrorException.class).hasMessageContaining("OFPBFC_MSG_FAILED");
        assertThat(adds.get(1)).isCompletedExceptionally();
        assertThatThrownBy(() -> await(adds.get(1)))
                .isInstanceOf(OfErrorException.class).hasMessageContaining("OFPBAC_BAD_OUT_GROUP");
        assertThat(adds.get(0)).isNotDone();
        assertThat(adds.get(2)).isNotDone();
        adds.forEach(add -> add.cancel(false));
        assertThat(lab.dump(CONTROLLED_BRIDGE)).containsExactly(FlowText.of(existing));

        // ovs-ofctl's own bundle of the same flows fails the same way and leaves its bridge as it was.
        lab.ofctl("add-flow", REFERENCE_BRIDGE, "cookie=0x1,priority=1,actions=output:1");
        assertThatThrownBy(() -> lab.host().addFlows(REFERENCE_BRIDGE, "priority=100,tcp,actions=output:2",
                "priority=100,udp,actions=group:99", "table=1,priority=100,actions=output:3"))
                .isInstanceOf(CommandFailedException.class).hasMessageContaining("OFPBAC_BAD_OUT_GROUP");
        assertThat(lab.dump(REFERENCE_BRIDGE)).isEqualTo(lab.dump(CONTROLLED_BRIDGE));
    }

    @Test
    void bundleAddTheSwitchRefusesIsAnsweredWithTheErrorAndDiscardLeavesNothing() throws Exception {
        Set<BundleFlag> atomic = Set.of(BundleFlag.ATOMIC);
        long bundle = 3;
        control(BundleControl.open(connection.nextXid(), bundle, atomic));
        lab.applyAll(List.of(BundleAdd.of(bundle, atomic,
                add(0, 100, Match.builder().tcp().build(), 0x2, output(2)).withXid(connection.nextXid()))));
        FlowMod backwards = FlowMod.add(3, 100, Match.ANY, List.of(gotoTable(1)));
        String expected = ofctlError("add-flow", REFERENCE_BRIDGE, "table=3,priority=100,actions=goto_table:1");

        assertThatThrownBy(() -> lab.applyAll(List.of(
                BundleAdd.of(bundle, atomic, backwards.withXid(connection.nextXid())))))
                .isInstanceOf(OfErrorException.class).hasMessageContaining(expected);
        assertThat(control(BundleControl.discard(connection.nextXid(), bundle, atomic)))
                .isEqualTo(BundleControlType.DISCARD_REPLY);
        assertThat(lab.dump(CONTROLLED_BRIDGE)).isEmpty();
    }

    static List<FlowCases.Case> refusedFlows() {
        return List.of(
                new FlowCases.Case("priority=100,actions=group:99",
                        FlowMod.add(0, 100, Match.ANY, List.of(applyActions(group(99))))),
                new FlowCases.Case("table=3,priority=100,actions=goto_table:1",
                        FlowMod.add(3, 100, Match.ANY, List.of(gotoTable(1)))),
                new FlowCases.Case("priority=100,actions=meter:9,output:1",
                        FlowMod.add(0, 100, Match.ANY, List.of(Instruction.meter(9), applyActions(output(1))))),
                new FlowCases.Case("priority=100,tcp,check_overlap,actions=output:1",
                        FlowMod.add(0, 100, Match.builder().tcp().build(), List.of(applyActions(output(1))))
                                .withFlags(FlowModFlag.CHECK_OVERLAP)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedFlows")
    void aRefusedFlowIsAReadableErrorAndChangesNothing(FlowCases.Case refused) throws Exception {
        lab.apply(FlowMod.add(0, 100, Match.builder().ip().build(), List.of())); // overlapped by the last case
        lab.ofctl("add-flow", REFERENCE_BRIDGE, "priority=100,ip,actions=drop");
        String expected = ofctlError("add-flow", REFERENCE_BRIDGE, refused.ofctlText());
        List<String> before = lab.dump(CONTROLLED_BRIDGE);

        assertThatThrownBy(() -> lab.apply(refused.flowMod()))
                .isInstanceOf(OfErrorException.class)
                .hasMessageStartingWith("switch error " + expected + " (");
        assertThat(lab.dump(CONTROLLED_BRIDGE)).isEqualTo(before).hasSize(1).isEqualTo(lab.dump(REFERENCE_BRIDGE));
    }

    @Test
    void aggregateAndFlowCountersAgreeWithOvsOfctl() throws Exception {
        lab.apply(add(0, 100, Match.builder().udp().udpDst(4000).build(), 0x41, Instruction.gotoTable(1)),
                add(0, 90, Match.builder().udp().build(), 0x42),
                add(1, 100, Match.builder().udp().ipv4Dst("10.0.0.2").build(), 0x43),
                add(1, 100, Match.builder().tcp().build(), 0x51));
        for (int i = 0; i < 3; i++) { // through the pipeline: 0x41 and 0x43 count them
            lab.applyAll(List.of(PacketOut.of(connection.nextXid(), OfPorts.CONTROLLER,
                    List.of(output(OfPorts.TABLE)), SouthboundLab.udpFrame(4000))));
        }
        lab.applyAll(List.of(PacketOut.of(connection.nextXid(), OfPorts.CONTROLLER, List.of(output(OfPorts.TABLE)),
                SouthboundLab.udpFrame(5000)))); // 0x42 only

        Map<String, String> decoded = new TreeMap<>();
        for (FlowStats flow : lab.decodedFlows(FlowSelection.all())) {
            decoded.put("0x" + Long.toHexString(flow.cookie()), flow.packetCount() + "/" + flow.byteCount());
        }
        Map<String, String> reported = new TreeMap<>();
        Matcher line = N_PACKETS.matcher(lab.ofctl("dump-flows", CONTROLLED_BRIDGE));
        while (line.find()) {
            reported.put(line.group(1), line.group(2) + "/" + line.group(3));
        }
        assertThat(decoded).isEqualTo(reported).containsEntry("0x41", "3/180").containsEntry("0x42", "1/60");

        assertAggregate(FlowSelection.all(), "");
        assertAggregate(FlowSelection.all().withCookie(0x40, 0xf0), "cookie=0x40/0xf0");
        assertAggregate(FlowSelection.of(1, Match.builder().udp().build()), "table=1,udp");
        assertAggregate(FlowSelection.all().withOutPort(5), "out_port=5");
    }

    private static void assertAggregate(FlowSelection selection, String ofctlSelection) throws Exception {
        AggregateStatsReply reply = (AggregateStatsReply) await(connection.multipart(new AggregateStatsRequest(selection)));
        List<String> args = new ArrayList<>(List.of("dump-aggregate", CONTROLLED_BRIDGE));
        if (!ofctlSelection.isEmpty()) {
            args.add(ofctlSelection);
        }
        Matcher ofctl = AGGREGATE.matcher(lab.ofctl(args.toArray(String[]::new)));
        assertThat(ofctl.find()).isTrue();
        assertThat(List.of(reply.packetCount(), reply.byteCount(), reply.flowCount()))
                .as("aggregate of %s", ofctlSelection.isEmpty() ? "all flows" : ofctlSelection)
                .containsExactly(Long.parseLong(ofctl.group(1)), Long.parseLong(ofctl.group(2)),
                        Long.parseLong(ofctl.group(3)));
    }

    @Test
    void portDescriptionsAgreeWithOvsOfctl() throws Exception {
        lab.host().vsctl("--may-exist", "add-port", CONTROLLED_BRIDGE, "pa", "--", "set", "interface", "pa",
                "type=internal", "ofport_request=5",
                "--", "--may-exist", "add-port", CONTROLLED_BRIDGE, "pb", "--", "set", "interface", "pb",
                "type=internal", "ofport_request=6");
        PortDescReply reply = (PortDescReply) await(connection.multipart(new PortDescRequest()));
        Set<String> decoded = reply.ports().stream()
                .map(p -> OfPorts.toOvsText(p.portNo()) + " " + p.name() + " " + p.hwAddr())
                .collect(Collectors.toSet());
        Set<String> reported = PORT_DESC.matcher(lab.ofctl("dump-ports-desc", CONTROLLED_BRIDGE)).results()
                .map(r -> r.group(1) + " " + r.group(2) + " " + r.group(3))
                .collect(Collectors.toSet());
        assertThat(decoded).isEqualTo(reported).hasSize(3)
                .anyMatch(p -> p.startsWith("5 pa ")).anyMatch(p -> p.startsWith("6 pb "))
                .anyMatch(p -> p.startsWith("LOCAL br-int "));
    }

    private static BundleControlType control(BundleControl request) throws Exception {
        OfMessage reply = await(connection.request(request));
        assertThat(reply).isInstanceOf(BundleControl.class);
        return ((BundleControl) reply).controlType();
    }

    /** The error name (e.g. OFPBAC_BAD_OUT_GROUP) ovs-ofctl reports when the switch refuses its request. */
    private static String ofctlError(String... args) {
        try {
            lab.ofctl(args);
        } catch (CommandFailedException e) {
            Matcher error = OFCTL_ERROR.matcher(e.getMessage());
            assertThat(error.find()).as("ovs-ofctl's error: %s", e.getMessage()).isTrue();
            return error.group(1);
        }
        throw new AssertionError("ovs-ofctl " + String.join(" ", args) + " was not refused");
    }

    private static FlowCases.Case base(String ofctlText, FlowMod flowMod) {
        return new FlowCases.Case(ofctlText, flowMod);
    }

    private static FlowMod add(int table, int priority, Match match, long cookie, Action... actions) {
        return FlowMod.add(table, priority, match, List.of(applyActions(actions))).withCookie(cookie);
    }

    private static FlowMod add(int table, int priority, Match match, long cookie, Instruction instruction) {
        return FlowMod.add(table, priority, match, List.of(instruction)).withCookie(cookie);
    }
}
