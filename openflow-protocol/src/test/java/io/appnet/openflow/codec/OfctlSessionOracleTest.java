package io.appnet.openflow.codec;

import static io.appnet.openflow.codec.OfctlSession.SWITCH;
import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.openflow.action.Action;
import io.appnet.openflow.action.Instruction;
import io.appnet.openflow.action.OfPorts;
import io.appnet.openflow.match.Match;
import io.appnet.openflow.message.AggregateStatsReply;
import io.appnet.openflow.message.AggregateStatsRequest;
import io.appnet.openflow.message.BundleAdd;
import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.BundleControlType;
import io.appnet.openflow.message.BundleFlag;
import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModFlag;
import io.appnet.openflow.message.FlowSelection;
import io.appnet.openflow.message.FlowStats;
import io.appnet.openflow.message.FlowStatsReply;
import io.appnet.openflow.message.FlowStatsRequest;
import io.appnet.openflow.message.GetConfigReply;
import io.appnet.openflow.message.GetConfigRequest;
import io.appnet.openflow.message.MultipartReply;
import io.appnet.openflow.message.MultipartRequest;
import io.appnet.openflow.message.OfMessage;
import io.appnet.openflow.message.OfReserved;
import io.appnet.openflow.message.PacketOut;
import io.appnet.openflow.message.PortDescReply;
import io.appnet.openflow.message.PortDescRequest;
import io.appnet.openflow.message.SetConfig;
import io.appnet.openflow.message.SwitchConfig;
import io.appnet.openflow.message.TableStats;
import io.appnet.openflow.message.TableStatsReply;
import io.appnet.openflow.message.TableStatsRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ovs-ofctl as the controller and this codec as the switch: what Open vSwitch encodes decodes to the message we
 * would build, re-encodes byte for byte, and Open vSwitch reads our replies (multipart parts joined by the
 * more flag, bundle replies) as we meant them.
 */
@Tag("ovs-tools")
class OfctlSessionOracleTest {
    private static final Match WEB = Match.builder().inPort(3).tcp().ipv4Dst("10.0.0.0/24").tcpDst(80).build();
    private static final String WEB_TEXT = "tcp,in_port=3,nw_dst=10.0.0.0/24,tp_dst=80";

    @Test
    void addFlow() {
        OfctlSession.Result session = OfctlSession.run(nothing(), "add-flow", SWITCH,
                "table=2,priority=100,cookie=0xabc,idle_timeout=30,hard_timeout=300,send_flow_rem,check_overlap,"
                        + WEB_TEXT + ",actions=output:7");

        FlowMod sent = only(session, FlowMod.class);
        assertThat(sent).isEqualTo(FlowMod.add(2, 100, WEB, List.of(Instruction.applyActions(Action.output(7))))
                .withXid(sent.xid()).withCookie(0xabc).withTimeouts(30, 300)
                .withFlags(FlowModFlag.SEND_FLOW_REM, FlowModFlag.CHECK_OVERLAP));
        assertReencodedByteForByte(session);
    }

    @Test
    void modifyFlowsStrictAndNot() {
        OfctlSession.Result modify = OfctlSession.run(nothing(), "mod-flows", SWITCH,
                "table=2,cookie=0xabc/0xfff," + WEB_TEXT + ",actions=goto_table:9");
        OfctlSession.Result strict = OfctlSession.run(nothing(), "--strict", "mod-flows", SWITCH,
                "table=2,priority=100," + WEB_TEXT + ",actions=clear_actions");

        FlowMod sent = only(modify, FlowMod.class);
        assertThat(sent).isEqualTo(FlowMod.modify(2, WEB, List.of(Instruction.gotoTable(9))).withXid(sent.xid())
                .withCookie(0xabc, 0xfff));
        FlowMod sentStrict = only(strict, FlowMod.class);
        assertThat(sentStrict).isEqualTo(FlowMod.modifyStrict(2, 100, WEB, List.of(Instruction.clearActions()))
                .withXid(sentStrict.xid()));
        assertReencodedByteForByte(modify);
        assertReencodedByteForByte(strict);
    }

    @Test
    void deleteFlowsStrictAndNot() {
        OfctlSession.Result delete = OfctlSession.run(nothing(), "del-flows", SWITCH,
                "cookie=0x5000/0xf000,out_port=7");
        OfctlSession.Result strict = OfctlSession.run(nothing(), "--strict", "del-flows", SWITCH,
                "table=4,priority=200," + WEB_TEXT);

        FlowMod sent = only(delete, FlowMod.class);
        assertThat(sent).isEqualTo(FlowMod.delete(OfReserved.TABLE_ALL, Match.ANY).withXid(sent.xid())
                .withCookie(0x5000, 0xf000).withOutPort(7));
        FlowMod sentStrict = only(strict, FlowMod.class);
        assertThat(sentStrict).isEqualTo(FlowMod.deleteStrict(4, 200, WEB).withXid(sentStrict.xid()));
        assertReencodedByteForByte(delete);
        assertReencodedByteForByte(strict);
    }

    @Test
    void dumpFlowsJoinsTheReplyParts() {
        FlowStats first = new FlowStats(3, 12, 500_000_000, 100, 60, 0, Set.of(FlowModFlag.SEND_FLOW_REM), 0x1234,
                42, 4200, WEB, List.of(Instruction.applyActions(Action.output(7)), Instruction.gotoTable(5)));
        FlowStats second = new FlowStats(0, 1, 0, 0, 0, 0, Set.of(), 0, 0, 0, Match.ANY, List.of());
        OfctlSession.Result session = OfctlSession.run(request -> List.of(
                new MultipartReply(request.xid(), true, new FlowStatsReply(List.of(first))),
                new MultipartReply(request.xid(), false, new FlowStatsReply(List.of(second)))),
                "dump-flows", SWITCH, "table=3,cookie=0x1200/0xff00," + WEB_TEXT);

        MultipartRequest sent = only(session, MultipartRequest.class);
        assertThat(sent.body())
                .isEqualTo(new FlowStatsRequest(FlowSelection.of(3, WEB).withCookie(0x1200, 0xff00)));
        // ovs-ofctl prints each part as it arrives and waits for the next while the first says "more"
        assertThat(session.output().lines().map(String::strip)).containsExactly(
                "OFPST_FLOW reply (OF1.3) (xid=0x" + Integer.toHexString(sent.xid()) + "): flags=[more]",
                "cookie=0x1234, duration=12.500s, table=3, n_packets=42, n_bytes=4200, idle_timeout=60, "
                        + "send_flow_rem priority=100," + WEB_TEXT + " actions=output:7,goto_table:5",
                "OFPST_FLOW reply (OF1.3) (xid=0x" + Integer.toHexString(sent.xid()) + "):",
                "cookie=0x0, duration=1s, table=0, n_packets=0, n_bytes=0, priority=0 actions=drop");
        assertReencodedByteForByte(session);
    }

    @Test
    void dumpAggregate() {
        OfctlSession.Result session = OfctlSession.run(
                request -> List.of(MultipartReply.of(request.xid(), new AggregateStatsReply(1000, 64000, 17))),
                "dump-aggregate", SWITCH);

        assertThat(only(session, MultipartRequest.class).body())
                .isEqualTo(new AggregateStatsRequest(FlowSelection.all()));
        assertThat(session.output()).endsWith("packet_count=1000 byte_count=64000 flow_count=17");
        assertReencodedByteForByte(session);
    }

    @Test
    void dumpPortsDescJoinsTheReplyParts() {
        OfctlSession.Result session = OfctlSession.run(request -> List.of(
                new MultipartReply(request.xid(), true, new PortDescReply(List.of(MessageFixtures.VETH))),
                new MultipartReply(request.xid(), false, new PortDescReply(List.of(MessageFixtures.LOCAL)))),
                "dump-ports-desc", SWITCH);

        assertThat(only(session, MultipartRequest.class).body()).isEqualTo(new PortDescRequest());
        assertThat(session.output()).contains(" 7(veth-c1): addr:02:ab:cd:00:00:07",
                " LOCAL(br-int): addr:aa:bb:cc:dd:ee:ff", "config:     PORT_DOWN");
        assertReencodedByteForByte(session);
    }

    @Test
    void dumpTables() {
        OfctlSession.Result session = OfctlSession.run(request -> List.of(MultipartReply.of(request.xid(),
                new TableStatsReply(List.of(new TableStats(0, 12, 3400, 3000), new TableStats(1, 0, 400, 0))))),
                "dump-tables", SWITCH);

        assertThat(only(session, MultipartRequest.class).body()).isEqualTo(new TableStatsRequest());
        assertThat(session.output()).contains("table 0:\n    active=12, lookup=3400, matched=3000",
                "table 1:\n    active=0, lookup=400, matched=0");
        assertReencodedByteForByte(session);
    }

    @Test
    void getAndSetFragmentHandling() {
        AtomicReference<SwitchConfig> config = new AtomicReference<>(SwitchConfig.of(128));
        Function<OfMessage, List<OfMessage>> configSwitch = message -> {
            if (message instanceof SetConfig set) {
                config.set(set.config());
                return List.of();
            }
            return message instanceof GetConfigRequest ? List.of(new GetConfigReply(message.xid(), config.get()))
                    : List.of();
        };

        OfctlSession.Result set = OfctlSession.run(configSwitch, "set-frags", SWITCH, "drop");
        OfctlSession.Result get = OfctlSession.run(configSwitch, "get-frags", SWITCH);

        SetConfig sent = only(set, SetConfig.class);
        assertThat(sent.config()).isEqualTo(new SwitchConfig(SwitchConfig.FRAG_DROP, 128));
        assertThat(get.output()).isEqualTo("drop");
        assertReencodedByteForByte(set);
        assertReencodedByteForByte(get);
    }

    @Test
    void bundledFlowsArriveAsOpenAddsAndCommit(@TempDir Path dir) throws IOException {
        Path flows = Files.writeString(dir.resolve("flows"), "table=1,priority=5,actions=drop\n"
                + "table=2,priority=6," + WEB_TEXT + ",actions=output:3\n");
        OfctlSession.Result session = OfctlSession.run(message -> message instanceof BundleControl control
                ? List.of(new BundleControl(control.xid(), control.bundleId(),
                        BundleControlType.fromCode(control.controlType().code() + 1), control.flags(), List.of()))
                : List.of(), "--bundle", "add-flows", SWITCH, flows.toString());

        List<BundleControl> controls = session.received(BundleControl.class);
        assertThat(controls).extracting(BundleControl::controlType)
                .containsExactly(BundleControlType.OPEN_REQUEST, BundleControlType.COMMIT_REQUEST);
        Set<BundleFlag> flags = Set.of(BundleFlag.ATOMIC, BundleFlag.ORDERED);
        assertThat(controls).allSatisfy(control -> assertThat(control.flags()).isEqualTo(flags));
        assertThat(session.received(BundleAdd.class)).extracting(BundleAdd::message).containsExactly(
                FlowMod.add(1, 5, Match.ANY, List.of()).withXid(session.received(BundleAdd.class).get(0).xid()),
                FlowMod.add(2, 6, WEB, List.of(Instruction.applyActions(Action.output(3))))
                        .withXid(session.received(BundleAdd.class).get(1).xid()));
        assertThat(session.received(BundleAdd.class))
                .allSatisfy(add -> assertThat(add.bundleId()).isEqualTo(controls.get(0).bundleId()));
        assertReencodedByteForByte(session);
    }

    @Test
    void packetOut() {
        String frame = "ffffffffffff02abcd00000708060001080006040001";
        OfctlSession.Result session = OfctlSession.run(nothing(), "packet-out", SWITCH,
                "in_port=CONTROLLER,packet=" + frame + ",actions=output:7");

        PacketOut sent = only(session, PacketOut.class);
        assertThat(sent).isEqualTo(PacketOut.of(sent.xid(), OfPorts.CONTROLLER, List.of(Action.output(7)),
                Bytes.ofHex(frame)));
        assertReencodedByteForByte(session);
    }

    private static Function<OfMessage, List<OfMessage>> nothing() {
        return message -> List.of();
    }

    private static <T extends OfMessage> T only(OfctlSession.Result session, Class<T> type) {
        List<T> messages = session.received(type);
        assertThat(messages).as("%s sent by ovs-ofctl in %s", type.getSimpleName(), session.received()).hasSize(1);
        return messages.get(0);
    }

    private static void assertReencodedByteForByte(OfctlSession.Result session) {
        for (int i = 0; i < session.frames().size(); i++) {
            assertThat(GoldenMessagesTest.hex(session.received().get(i)))
                    .as("re-encoded %s", session.received().get(i))
                    .isEqualTo(HexFormat.of().formatHex(session.frames().get(i)));
        }
    }
}
