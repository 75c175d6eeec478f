package io.appnet.controller.e2e;

import static io.appnet.controller.e2e.PolicyEnforcementOvsTest.ALLOWED;
import static io.appnet.controller.e2e.PolicyEnforcementOvsTest.DENIED;
import static io.appnet.controller.e2e.PolicyEnforcementOvsTest.exchanges;
import static io.appnet.controller.e2e.PolicyEnforcementOvsTest.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.controller.topology.HostStatus;
import io.appnet.ovs.harness.ContainerSpec;
import io.appnet.ovs.harness.LabContainer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Interfaces that break the host contract are refused one by one, visibly, and disturb nobody else. */
@Tag("ovs")
class TopologyOvsTest {
    private ControllerLab lab;

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void inconsistentInstancesAreRejectedWithAVisibleReasonAndTheRestKeepsWorking() throws Exception {
        lab = ControllerLab.start("e2t", 2, 2);
        LabContainer web1 = lab.addContainer("h1", "web1", "web");
        LabContainer api1 = lab.addContainer("h2", "api1", "api");
        api1.startTcpEcho(8080);
        lab.awaitInstances(2);
        lab.controller().policies().create(List.of(tcp("web", "api", 8080))).join();
        Ipv4Prefix other = lab.subnetOf("h2");

        lab.host("h1").addContainer(ContainerSpec.of("out1", "web", other.network().plus(50) + "/24",
                other.network().plus(1).toString()));
        LabContainer dup1 = lab.host("h1").addContainer(ContainerSpec.of("dup1", "web", web1.ip() + "/24",
                web1.gateway()));
        lab.addContainer("h1", "bad1", "bad guid");

        ControllerLab.await(Duration.ofSeconds(10), () -> rejected("h1").size() == 3, () -> "rejections: "
                + lab.controller().topology().host("h1"));
        Map<String, String> rejected = rejected("h1");
        assertThat(rejected.get(port("out1"))).isEqualTo("IP " + other.network().plus(50)
                + " is outside the host's subnet " + lab.subnetOf("h1"));
        assertThat(rejected.get(port("dup1"))).isEqualTo("IP " + web1.ip() + " is already used by instance "
                + port("web1"));
        assertThat(rejected.get(port("bad1"))).startsWith("unknown app GUID format: ");
        assertThat(lab.controller().model().network().topology().instances()).hasSize(2);

        assertThat(exchanges(web1, api1, 8080, ALLOWED)).as("the accepted instance still works").isTrue();
        web1.exec("ip", "link", "set", "eth0", "down");
        assertThat(dup1.tcpConnect(api1.ip(), 8080, DENIED)).as("the rejected duplicate reaches nothing").isFalse();

        String dupPort = port("dup1");
        lab.host("h1").removeContainer("dup1");
        ControllerLab.await(Duration.ofSeconds(10), () -> !rejected("h1").containsKey(dupPort),
                () -> "the removed duplicate is no longer listed");
    }

    private Map<String, String> rejected(String host) {
        return lab.controller().topology().host(host).map(HostStatus::rejectedInterfaces).orElse(Map.of());
    }

    private String port(String container) {
        return lab.host("h1").container(container).portName();
    }
}
