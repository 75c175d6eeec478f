package io.appnet.openflow.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.openflow.action.Action;
import io.appnet.openflow.match.Match;
import io.appnet.openflow.message.BarrierRequest;
import io.appnet.openflow.message.BundleAdd;
import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.BundleFlag;
import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.ExperimenterMessage;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModFlag;
import io.appnet.openflow.message.MacAddress;
import io.appnet.openflow.message.OfReserved;
import io.appnet.openflow.message.PacketOut;
import io.appnet.openflow.message.PortDescription;
import io.appnet.openflow.message.SwitchConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bad values fail where the message is made, with a message that names the field. */
class MessageValidationTest {
    @Test
    void flowModFactoriesFillTheOpenFlowDefaults() {
        FlowMod add = FlowMod.add(3, 100, Match.ANY, List.of());

        assertThat(add.bufferId()).isEqualTo(OfReserved.NO_BUFFER_ID);
        assertThat(add.outPort()).isEqualTo(0xffffffffL);
        assertThat(add.outGroup()).isEqualTo(OfReserved.GROUP_ANY);
        assertThat(add.cookie()).isZero();
        assertThat(add.cookieMask()).isZero();
        assertThat(add.flags()).isEmpty();
        assertThat(add.withFlags(FlowModFlag.SEND_FLOW_REM).withTimeouts(5, 6).withCookie(9, 0xf))
                .isEqualTo(new FlowMod(0, add.command(), 9, 0xf, 3, 5, 6, 100, OfReserved.NO_BUFFER_ID,
                        0xffffffffL, OfReserved.GROUP_ANY, Set.of(FlowModFlag.SEND_FLOW_REM), Match.ANY, List.of()));
    }

    @Test
    void flowModRefusesAllTablesOutsideDeletesAndOutOfRangeNumbers() {
        assertThatThrownBy(() -> FlowMod.add(OfReserved.TABLE_ALL, 1, Match.ANY, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only valid in a delete");
        assertThat(FlowMod.delete(OfReserved.TABLE_ALL, Match.ANY).tableId()).isEqualTo(255);
        assertThatThrownBy(() -> FlowMod.add(0, 0x10000, Match.ANY, List.of()))
                .hasMessageContaining("priority 65536");
        assertThatThrownBy(() -> FlowMod.add(256, 1, Match.ANY, List.of())).hasMessageContaining("table_id 256");
        assertThatThrownBy(() -> FlowMod.add(0, 1, Match.ANY, List.of()).withTimeouts(-1, 0))
                .hasMessageContaining("idle_timeout -1");
        assertThatThrownBy(() -> FlowMod.delete(0, Match.ANY).withOutPort(1L << 32))
                .hasMessageContaining("out_port");
    }

    @Test
    void portNamesMustFitTheirSixteenBytes() {
        MacAddress mac = MacAddress.of("02:00:00:00:00:01");

        assertThat(new PortDescription(1, mac, "fifteen-chars-x", 0, 0, 0, 0, 0, 0, 0, 0).name()).hasSize(15);
        assertThatThrownBy(() -> new PortDescription(1, mac, "sixteen-chars-xx", 0, 0, 0, 0, 0, 0, 0, 0))
                .hasMessageContaining("at most 15 bytes");
    }

    @Test
    void aBundledMessageKeepsTheBundleAddsXidAndIsOneOpenVswitchBundles() {
        FlowMod flowMod = FlowMod.add(0, 1, Match.ANY, List.of()).withXid(5);

        assertThat(BundleAdd.of(9, Set.of(BundleFlag.ATOMIC), flowMod).xid()).isEqualTo(5);
        assertThatThrownBy(() -> new BundleAdd(6, 9, Set.of(), flowMod, List.of()))
                .hasMessageContaining("has xid 5, not the bundle add's 6");
        assertThatThrownBy(() -> BundleAdd.of(9, Set.of(), BundleControl.open(5, 9, Set.of())))
                .hasMessageContaining("Open vSwitch does not bundle a EXPERIMENTER");
        assertThatThrownBy(() -> BundleAdd.of(9, Set.of(), new BarrierRequest(5)))
                .hasMessageContaining("Open vSwitch does not bundle a BARRIER_REQUEST");
    }

    @Test
    void onfBundleMessagesHaveTheirOwnRecords() {
        assertThatThrownBy(() -> new ExperimenterMessage(1, 0x4F4E4600L, 2300, Bytes.EMPTY))
                .hasMessageContaining("BundleControl and BundleAdd");
        assertThat(new ExperimenterMessage(1, 0x4F4E4600L, 2350, Bytes.EMPTY).expType()).isEqualTo(2350);
    }

    @Test
    void packetOutCarriesABufferedPacketOrData() {
        assertThatThrownBy(() -> new PacketOut(1, 7, 1, List.of(Action.output(2)), Bytes.ofHex("00")))
                .hasMessageContaining("not both");
    }

    @Test
    void macAddressesAndSwitchConfigCheckTheirRanges() {
        assertThat(MacAddress.of("02:ab:cd:00:00:07").toString()).isEqualTo("02:ab:cd:00:00:07");
        assertThatThrownBy(() -> MacAddress.of("02:ab:cd:00:00")).hasMessageContaining("not a MAC address");
        assertThatThrownBy(() -> new SwitchConfig(0, 0x10000)).hasMessageContaining("miss_send_len 65536");
    }
}
