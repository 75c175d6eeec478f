package io.appnet.controller.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Egress;
import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.Gateway;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.compiler.model.MacAddress;
import io.appnet.compiler.model.Network;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The announcement frame, byte for byte, and which addresses a change of gateways makes a gateway announce. */
class GratuitousArpTest {

    @Test
    void theFrameIsABroadcastArpRequestWhoseSenderAndTargetAreTheAddress() {
        byte[] frame = GratuitousArp.frame(MacAddress.parse("02:aa:00:00:00:01"), Ipv4Address.parse("203.0.113.100"));

        assertThat(HexFormat.of().formatHex(frame)).isEqualTo("ffffffffffff" + "02aa00000001" + "0806"
                + "0001" + "0800" + "06" + "04" + "0001" + "02aa00000001" + "cb007164" + "000000000000" + "cb007164");
    }

    @Test
    void aGatewayAnnouncesWhatItGainsAndNothingElse() {
        Network one = network().apply(Change.putGateway(gateway("g1")));
        Network two = one.apply(Change.putGateway(gateway("g2")));

        Map<HostId, List<Ipv4Address>> joining = GratuitousArp.gained(one.egress(), two.egress());
        assertThat(joining.keySet()).as("only g2 gains when it joins").containsExactly(HostId.of("g2"));
        assertThat(joining.get(HostId.of("g2"))).hasSize((int) size(two.egress(), "g2"));

        Map<HostId, List<Ipv4Address>> losing = GratuitousArp.gained(two.egress(), one.egress());
        assertThat(losing.keySet()).as("g1 takes g2's addresses back").containsExactly(HostId.of("g1"));
        assertThat(losing.get(HostId.of("g1"))).containsExactlyElementsOf(joining.get(HostId.of("g2")));
    }

    private static long size(Egress egress, String gateway) {
        return egress.share(HostId.of(gateway)).stream().mapToLong(range -> range.size()).sum();
    }

    private static Network network() {
        return Network.empty().applyAll(List.of(Change.configureEgress(EgressSettings.of("10.255.0.0/16",
                        List.of("203.0.113.100-203.0.113.131"), "shared")),
                Change.putHost(new Host(HostId.of("g1"), Ipv4Address.parse("192.168.50.13"),
                        Ipv4Prefix.parse("10.255.3.0/24"), 1)),
                Change.putHost(new Host(HostId.of("g2"), Ipv4Address.parse("192.168.50.14"),
                        Ipv4Prefix.parse("10.255.4.0/24"), 1))));
    }

    private static Gateway gateway(String host) {
        return Gateway.of(host, 7, "02:aa:00:00:00:0" + host.charAt(1), "203.0.113.1", "02:e0:00:00:00:01", true);
    }
}
