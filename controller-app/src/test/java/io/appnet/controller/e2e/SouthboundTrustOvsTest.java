package io.appnet.controller.e2e;

import static io.appnet.controller.e2e.PolicyEnforcementOvsTest.ALLOWED;
import static io.appnet.controller.e2e.PolicyEnforcementOvsTest.exchanges;
import static io.appnet.controller.e2e.PolicyEnforcementOvsTest.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.model.HostId;
import io.appnet.controller.programmer.SwitchSync;
import io.appnet.controller.programmer.SwitchSync.State;
import io.appnet.controller.status.FlowReport;
import io.appnet.controller.topology.HostStatus;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.ovs.harness.LabContainer;
import io.appnet.ovs.harness.LabHost;
import io.appnet.ovs.harness.LabPki;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's southbound attacks, each made by a real OVS host (h3) against a controller with mutual TLS while
 * h1 and h2 carry allowed traffic: it claims h1's host id with a certificate for h3, then binds h1's datapath
 * id (which also makes its OpenFlow connection try to replace h1's), then tries both with a self-signed
 * certificate naming h1 and over plaintext TCP. Each is refused; h1 keeps its lease, its underlay address, its
 * OVSDB session, its one OpenFlow connection, its flows and its traffic.
 */
@Tag("ovs")
class SouthboundTrustOvsTest {
    /** Long enough for OVS's reconnect backoff (1, 2, 4 s) to make several attempts. */
    private static final Duration ATTACK = Duration.ofSeconds(6);

    private ControllerLab lab;

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void roguePeersAreRefusedAndTheRealHostKeepsItsFlowsAndTraffic() throws Exception {
        lab = ControllerLab.start("tc1", 3, 2);
        LabContainer web1 = lab.addContainer("h1", "web1", "web");
        LabContainer api1 = lab.addContainer("h2", "api1", "api");
        api1.startTcpEcho(8080);
        lab.awaitInstances(2);
        lab.controller().policies().create(List.of(tcp("web", "api", 8080))).join();
        assertThat(exchanges(web1, api1, 8080, ALLOWED)).as("allowed before the attacks").isTrue();
        HostStatus h1 = lab.controller().topology().host("h1").orElseThrow();
        long h1Datapath = h1.datapathId().orElseThrow();
        OfConnection h1Switch = lab.controller().switches().connection(h1Datapath).orElseThrow();
        LabHost rogue = lab.host("h3");
        LabPki pki = lab.pki();

        // A valid certificate for h3 claiming h1's host id: authenticated, but not as h1.
        rogue.vsctl("set", "open_vswitch", ".", "external_ids:appnet-host-id=h1");
        rogue.connect(lab.lab().controllerAddress(), OptionalInt.empty(), OptionalInt.of(lab.ovsdbPort()),
                Optional.of(pki.host("h3")));
        ControllerLab.await(Duration.ofSeconds(10), () -> rogue.vsctl("--bare", "--columns=is_connected", "list",
                "manager").strip().equals("true"), () -> "the rogue's TLS session to the OVSDB manager is up");
        holdsUntouched(h1, h1Switch);
        assertThat(lab.controller().model().leases()).as("nothing leased to the rogue").containsOnlyKeys("h1", "h2");

        // The same certificate as h3 (which it may be), with h1's datapath id on its br-int.
        rogue.vsctl("set", "bridge", "br-int", "other-config:datapath-id=" + String.format("%016x", h1Datapath));
        rogue.vsctl("set", "open_vswitch", ".", "external_ids:appnet-host-id=h3");
        rogue.connect(lab.lab().controllerAddress(), OptionalInt.of(lab.openflowPort()), OptionalInt.empty(),
                Optional.of(pki.host("h3")));
        ControllerLab.await(Duration.ofSeconds(10), () -> lab.controller().topology().host("h3")
                        .map(HostStatus::problem).orElse("").contains("is already bound to host h1"),
                () -> "h3's binding to h1's switch is refused: " + lab.controller().topology().host("h3"));
        holdsUntouched(h1, h1Switch);

        // A self-signed certificate naming h1, then no certificate at all (plaintext), claiming h1 on both.
        rogue.vsctl("set", "open_vswitch", ".", "external_ids:appnet-host-id=h1");
        rogue.connect(lab.lab().controllerAddress(), OptionalInt.of(lab.openflowPort()),
                OptionalInt.of(lab.ovsdbPort()), Optional.of(pki.selfSigned("h1")));
        holdsUntouched(h1, h1Switch);
        rogue.connect(lab.lab().controllerAddress(), OptionalInt.of(lab.openflowPort()),
                OptionalInt.of(lab.ovsdbPort()), Optional.empty());
        holdsUntouched(h1, h1Switch);

        FlowReport h1Flows = lab.controller().status().flows("h1", Duration.ofSeconds(5));
        assertThat(h1Flows.lines()).as("h1's flows are exactly its compiled tables (h3, a host in its own right, "
                + "added routes to its subnet)").isNotEmpty().allMatch(line -> line.mark() == FlowReport.Mark.DESIRED);
        assertThat(exchanges(web1, api1, 8080, ALLOWED)).as("allowed after the attacks").isTrue();
        assertThat(lab.controller().topology().host("h1").orElseThrow().underlayIp()).isEqualTo(h1.underlayIp());
    }

    /** For the whole attack: h1 keeps its underlay address, subnet, OVSDB session and its one switch connection. */
    private void holdsUntouched(HostStatus before, OfConnection h1Switch) throws InterruptedException {
        long end = System.nanoTime() + ATTACK.toNanos();
        while (System.nanoTime() < end) {
            HostStatus now = lab.controller().topology().host("h1").orElseThrow();
            assertThat(now.underlayIp()).as("h1's underlay address").isEqualTo(before.underlayIp());
            assertThat(now.subnet()).as("h1's subnet").isEqualTo(before.subnet());
            assertThat(now.connected()).as("h1's OVSDB session").isTrue();
            assertThat(now.problem()).as("h1's problem").isEmpty();
            assertThat(h1Switch.isActive()).as("h1's OpenFlow connection").isTrue();
            assertThat(lab.controller().switches().connection(h1Switch.datapathId())).as("h1's switch")
                    .containsSame(h1Switch);
            SwitchSync sync = lab.controller().programmer().sync(HostId.of("h1")).orElseThrow();
            assertThat(sync.state()).as("h1's switch (audited each second)").isIn(State.IN_SYNC, State.RECONCILING);
            assertThat(sync.connection()).as("the connection h1's tables go to").containsSame(h1Switch);
            Thread.sleep(100);
        }
    }
}
