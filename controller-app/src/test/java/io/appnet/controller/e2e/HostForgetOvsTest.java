package io.appnet.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.controller.topology.HostStatus;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * appnet:host-forget on real OVS hosts: refused while the host is connected; once it has left, its lease is
 * released in the model and the store, its instances and routes leave the other hosts' tables, and the next
 * host to join is leased its subnet.
 */
@Tag("ovs")
class HostForgetOvsTest {
    private ControllerLab lab;

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aForgottenHostsLeaseIsReleasedAndReusedByTheNextHost() throws Exception {
        lab = ControllerLab.start("tc2", 3, 2);
        lab.addContainer("h2", "db1", "db");
        lab.awaitInstances(1);
        Ipv4Prefix h2Subnet = lab.subnetOf("h2");

        assertThatThrownBy(() -> lab.controller().topology().forget("h2")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("host h2 is connected");

        lab.host("h2").vsctl("del-manager");
        lab.host("h2").vsctl("del-controller", "br-int");
        ControllerLab.await(Duration.ofSeconds(10), () -> !lab.controller().topology().host("h2")
                .map(HostStatus::connected).orElse(true), () -> "h2's OVSDB session ends");
        lab.controller().topology().forget("h2").get();

        assertThat(lab.controller().model().leases()).doesNotContainKey("h2");
        assertThat(lab.store().load().leases()).doesNotContainKey("h2");
        assertThat(lab.controller().topology().host("h2")).isEmpty();
        assertThat(lab.controller().model().network().topology().instances()).isEmpty();
        assertThat(lab.controller().model().network().topology().host(HostId.of("h2"))).isEmpty();
        ControllerLab.await(Duration.ofSeconds(10), () -> !lab.host("h1").ofctl("dump-flows", "br-int")
                .contains(h2Subnet.toString()), () -> "h1's route to h2's subnet is removed");

        lab.join(lab.host("h3"));
        lab.awaitJoined(lab.host("h3"));
        assertThat(lab.subnetOf("h3")).as("h2's released subnet, the lowest free one").isEqualTo(h2Subnet);
    }
}
