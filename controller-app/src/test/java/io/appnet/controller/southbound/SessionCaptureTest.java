package io.appnet.controller.southbound;

import static io.appnet.controller.southbound.SouthboundLab.CONTROLLED_BRIDGE;
import static io.appnet.controller.southbound.SouthboundLab.await;
import static io.appnet.openflow.action.Action.output;
import static io.appnet.openflow.action.Instruction.applyActions;
import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.openflow.action.OfPorts;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.connection.OfConnectionConfig;
import io.appnet.openflow.match.Match;
import io.appnet.openflow.message.AggregateStatsRequest;
import io.appnet.openflow.message.BarrierReply;
import io.appnet.openflow.message.BundleAdd;
import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.BundleFlag;
import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.ControllerRole;
import io.appnet.openflow.message.EchoReply;
import io.appnet.openflow.message.EchoRequest;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowSelection;
import io.appnet.openflow.message.FlowStatsRequest;
import io.appnet.openflow.message.GetConfigReply;
import io.appnet.openflow.message.GetConfigRequest;
import io.appnet.openflow.message.OfReserved;
import io.appnet.openflow.message.PacketOut;
import io.appnet.openflow.message.PortDescRequest;
import io.appnet.openflow.message.RoleReply;
import io.appnet.openflow.message.RoleRequest;
import io.appnet.openflow.message.SetConfig;
import io.appnet.openflow.message.SwitchConfig;
import io.appnet.openflow.message.TableStatsRequest;
import io.appnet.ovs.harness.BackgroundProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A whole controller-switch session captured on the host's management link (tcpdump from before br-int dials the
 * controller until after the last message) and read by tshark's own OpenFlow dissector: everything the
 * controller sends is well-formed OpenFlow 1.3 of a known type, byte for byte, and the session has every message
 * type the controller uses.
 */
@Tag("ovs")
class SessionCaptureTest {
    /** OpenFlow 1.3 message types the controller sends: HELLO .. ROLE_REQUEST. */
    private static final Set<Integer> CONTROLLER_TYPES = Set.of(0, 2, 3, 4, 5, 7, 9, 13, 14, 18, 20, 24);
    /** ECHO_REPLY: sent only when the switch probes a silent controller. */
    private static final int ECHO_REPLY = 3;
    private static final long ONF_EXPERIMENTER = 0x4f4e4600L;
    private static final int ONF_BUNDLE_CONTROL = 2300;
    private static final int ONF_BUNDLE_ADD = 2301;
    private static final long NICIRA = 0x2320;
    private static final int OXM_CLASS_NXM_1 = 0x0001;
    private static final int OXM_CLASS_OPENFLOW_BASIC = 0x8000;
    /** Wireshark's PI_WARN severity and PI_UNDECODED group ({@code epan/proto.h}). */
    private static final String EXPERT_WARNING = "0x00600000";
    private static final String EXPERT_UNDECODED = "0x05000000";
    /** Open vSwitch's shortest inactivity probe: it sends ECHO_REQUEST after this long without a message. */
    private static final Duration SWITCH_PROBE = Duration.ofSeconds(5);

    private static SouthboundLab lab;
    private static Path pcap;
    private static String fromController;
    private static Tshark tshark;

    @BeforeAll
    static void captureASessionUsingEveryMessage() throws Exception {
        // The controller's own keepalive stays out of the way, so the switch is the one that probes.
        lab = SouthboundLab.start("capt", OfConnectionConfig.defaults().withEcho(Duration.ofSeconds(30),
                Duration.ofSeconds(60)));
        int port = lab.openflowPort();
        fromController = "tcp.srcport == " + port;
        pcap = lab.host().runDir().resolve("openflow-session.pcap");
        tshark = new Tshark(pcap, port);
        BackgroundProcess tcpdump = lab.host().startBackground("tcpdump", "tcpdump", "-i", "mgmt0", "-n", "-U",
                "--immediate-mode", "-Z", "root", "-w", pcap.toString(), "tcp", "port", Integer.toString(port));
        try {
            tcpdump.awaitOutput("listening on", Duration.ofSeconds(10));
            exercise(lab.connect("inactivity_probe=" + SWITCH_PROBE.toMillis()));
            awaitEchoReplyFromController();
        } finally {
            tcpdump.stop();
        }
    }

    /** HELLO and FEATURES_REQUEST went out in the handshake; this sends every other kind, and waits for answers. */
    private static void exercise(OfConnection connection) throws Exception {
        lab.ofctl("add-group", CONTROLLED_BRIDGE, "group_id=" + FlowCases.GROUP_ID + ",type=all,bucket=output:1");
        lab.ofctl("add-meter", CONTROLLED_BRIDGE, "meter=" + FlowCases.METER_ID + ",pktps,band=type=drop,rate=1000");
        Bytes payload = Bytes.of("appnet".getBytes(StandardCharsets.US_ASCII));
        int echoXid = connection.nextXid();
        assertThat(await(connection.request(new EchoRequest(echoXid, payload))))
                .isEqualTo(new EchoReply(echoXid, payload));
        assertThat(await(connection.request(new GetConfigRequest(connection.nextXid()))))
                .isInstanceOf(GetConfigReply.class);
        lab.applyAll(List.of(new SetConfig(connection.nextXid(), SwitchConfig.of(SwitchConfig.NO_BUFFER))));
        assertThat(await(connection.request(new RoleRequest(connection.nextXid(), ControllerRole.MASTER, 1))))
                .isInstanceOf(RoleReply.class);

        // Every flow of the codec table, so the dissector reads every match field, action and instruction.
        lab.apply(FlowCases.all().stream().map(FlowCases.Case::flowMod).toArray(FlowMod[]::new));
        Match tcp = Match.builder().tcp().build();
        lab.apply(FlowMod.modify(0, tcp, List.of(applyActions(output(9)))),
                FlowMod.modifyStrict(0, 100, tcp, List.of(applyActions(output(8)))),
                FlowMod.delete(OfReserved.TABLE_ALL, Match.ANY).withCookie(0x1, 0xff).withOutPort(4),
                FlowMod.deleteStrict(0, 100, tcp));

        await(connection.multipart(new FlowStatsRequest(FlowSelection.all())));
        await(connection.multipart(new AggregateStatsRequest(FlowSelection.of(0, tcp).withCookie(0, 0xff))));
        await(connection.multipart(new PortDescRequest()));
        await(connection.multipart(new TableStatsRequest()));

        Set<BundleFlag> atomic = Set.of(BundleFlag.ATOMIC);
        await(connection.request(BundleControl.open(connection.nextXid(), 1, atomic)));
        lab.applyAll(List.of(
                BundleAdd.of(1, atomic, FlowMod.add(1, 10, Match.ANY, List.of()).withXid(connection.nextXid())),
                BundleAdd.of(1, atomic, PacketOut.of(connection.nextXid(), OfPorts.CONTROLLER,
                        List.of(output(OfPorts.LOCAL)), SouthboundLab.udpFrame(53)))));
        await(connection.request(BundleControl.close(connection.nextXid(), 1, atomic)));
        await(connection.request(BundleControl.commit(connection.nextXid(), 1, atomic)));
        await(connection.request(BundleControl.open(connection.nextXid(), 2, atomic)));
        await(connection.request(BundleControl.discard(connection.nextXid(), 2, atomic)));

        lab.applyAll(List.of(
                PacketOut.of(connection.nextXid(), OfPorts.CONTROLLER, List.of(output(OfPorts.LOCAL)),
                        SouthboundLab.udpFrame(4000)),
                PacketOut.of(connection.nextXid(), OfPorts.CONTROLLER, List.of(output(OfPorts.TABLE)),
                        SouthboundLab.udpFrame(4001))));
        assertThat(await(connection.barrier())).isInstanceOf(BarrierReply.class);
    }

    /** Stays silent until the switch probes and the controller's ECHO_REPLY is in the capture. */
    private static void awaitEchoReplyFromController() throws InterruptedException {
        long deadline = System.nanoTime() + SWITCH_PROBE.plusSeconds(3).toNanos();
        while (System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(500);
            try {
                if (!tshark.run("-Y", fromController + " && openflow_v4.type == " + ECHO_REPLY, "-T", "fields",
                        "-e", "frame.number").isBlank()) {
                    return;
                }
            } catch (IllegalStateException partialLastPacket) {
                // tcpdump is still writing; look again
            }
        }
        throw new AssertionError("the switch did not probe the silent controller within " + SWITCH_PROBE);
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void nothingInTheSessionIsMalformedOrAnExpertError() {
        assertThat(tshark.run("-Y", "openflow_v4", "-T", "fields", "-e", "frame.number")).as("OpenFlow was dissected")
                .isNotBlank();
        // TCP's "previous segment not captured" / "ACKed segment that wasn't captured" only say the capture began
        // after the connection (a race with the switch connecting); they are not about what was sent.
        assertThat(tshark.run("-Y", "_ws.malformed || (_ws.expert.severity >= " + EXPERT_WARNING
                        + " && !tcp.analysis.lost_segment && !tcp.analysis.ack_lost_segment)", "-T", "fields",
                "-e", "frame.number", "-e", "_ws.expert.message")).as("malformed, warnings and errors").isBlank();
    }

    /**
     * tshark's OpenFlow 1.3 dissector decodes the standard parts only; what it leaves undecoded in our messages is
     * exactly the extensions: Nicira-class OXMs (NXM_1: registers, tunnel addresses, conntrack fields), Nicira
     * actions, the ONF bundle messages, and the masks Open vSwitch allows on TCP/UDP ports (OpenFlow 1.3 does not).
     */
    @Test
    void whatTsharkLeavesUndecodedIsOnlyTheExtensions() {
        // The capture can begin after the connection (see above): TCP's notes on segments not captured are filed
        // in the same expert group and say nothing about what was sent.
        Set<String> undecoded = tshark.values("_ws.expert.message", fromController + " && _ws.expert.group == "
                + EXPERT_UNDECODED);
        undecoded.removeIf(message -> message.contains("not captured") || message.contains("wasn't captured"));
        assertThat(undecoded)
                .isSubsetOf("Unknown OXM body.", "Experimenter action body.", "Experimenter body.", "Undecoded Data");
        assertThat(seen("openflow_v4.oxm.class")).containsExactlyInAnyOrder(
                Integer.toString(OXM_CLASS_NXM_1), Integer.toString(OXM_CLASS_OPENFLOW_BASIC));
        assertThat(seen("openflow_v4.action_experimenter.experimenter")).containsExactly(Long.toString(NICIRA));
        assertThat(seen("openflow_v4.oxm.field", fromController + " && openflow_v4.oxm.class == " + OXM_CLASS_NXM_1))
                .as("NXM_1 fields: conj_id, tun_src/dst, regs, ct_state/zone/mark").isNotEmpty();
    }

    @Test
    void everyByteTheControllerSentIsAKnownOpenFlow13Message() {
        List<List<String>> frames = fields(fromController + " && tcp.len > 0", "tcp.len", "openflow_v4.version",
                "openflow_v4.type", "openflow_v4.length");
        long sent = 0;
        long dissected = 0;
        for (List<String> frame : frames) {
            sent += Long.parseLong(frame.get(0));
            for (String version : values(frame.get(1))) {
                assertThat(version).as("frame %s", frame).isEqualTo("4");
            }
            for (String type : values(frame.get(2))) {
                assertThat(Integer.parseInt(type)).as("frame %s", frame).isIn(CONTROLLER_TYPES);
            }
            dissected += values(frame.get(3)).stream().mapToLong(Long::parseLong).sum();
        }
        assertThat(sent).isPositive();
        assertThat(dissected).as("bytes in OpenFlow 1.3 messages tshark decoded").isEqualTo(sent);
    }

    @Test
    void theSessionHasEveryKindOfMessageTheControllerSends() {
        assertThat(seen("openflow_v4.type")).containsExactlyInAnyOrderElementsOf(
                CONTROLLER_TYPES.stream().map(String::valueOf).toList());
        assertThat(seen("openflow_v4.flowmod.command")).containsExactlyInAnyOrder("0", "1", "2", "3", "4");
        assertThat(seen("openflow_v4.multipart_request.type")).containsExactlyInAnyOrder("1", "2", "3", "13");
        assertThat(seen("openflow_v4.experimenter.experimenter")).containsExactly(Long.toString(ONF_EXPERIMENTER));
        assertThat(seen("openflow_v4.experimenter.exp_type")).containsExactlyInAnyOrder(
                Integer.toString(ONF_BUNDLE_CONTROL), Integer.toString(ONF_BUNDLE_ADD));
        assertThat(seen("openflow_v4.role_request.role")).containsExactly(
                Integer.toString(ControllerRole.MASTER.code()));
    }

    /** Distinct values of a numeric field over the controller's messages, in decimal. */
    private static Set<String> seen(String field) {
        return seen(field, fromController + " && " + field);
    }

    private static Set<String> seen(String field, String filter) {
        Set<String> values = new TreeSet<>();
        for (String value : tshark.values(field, filter)) {
            values.add(Long.toString(Long.decode(value)));
        }
        return values;
    }

    private static List<List<String>> fields(String filter, String... names) {
        List<String> args = new ArrayList<>(List.of("-Y", filter, "-T", "fields", "-E", "separator=/t",
                "-E", "occurrence=a", "-E", "aggregator=,"));
        for (String name : names) {
            args.add("-e");
            args.add(name);
        }
        return tshark.run(args.toArray(String[]::new)).lines().filter(line -> !line.isBlank())
                .map(line -> List.of(line.split("\t", -1))).toList();
    }

    /** The numbers of one field in one frame, in decimal (tshark prints some fields in hex). */
    private static List<String> values(String aggregated) {
        return aggregated.isEmpty() ? List.of()
                : Arrays.stream(aggregated.split(",")).map(v -> Long.toString(Long.decode(v))).toList();
    }
}
