package io.appnet.ovs.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bad input is refused with a reason before anything is created. */
class LabSpecTest {

    @Test
    void defaultHostsAreH1ToHnWithoutController() {
        LabSpec spec = LabSpec.of("t1", 3);
        assertThat(spec.hostNames()).containsExactly("h1", "h2", "h3");
        assertThat(spec.controller()).isEmpty();
        assertThat(spec.runRoot()).isEqualTo(Path.of("/tmp/appnet-lab"));
    }

    @Test
    void labIdsAndHostNamesMustFitInterfaceNames() {
        assertThatThrownBy(() -> LabSpec.of("toolong", 1)).hasMessageContaining("lab id 'toolong' must be 1-6");
        assertThatThrownBy(() -> LabSpec.of("a-b", 1)).hasMessageContaining("lab id 'a-b'");
        assertThatThrownBy(() -> LabSpec.of("t1", 0)).hasMessageContaining("1..200 hosts, not 0");
        assertThatThrownBy(() -> LabSpec.of("t1", 1).withHostNames("cell-1")).hasMessageContaining("host name 'cell-1'");
        assertThatThrownBy(() -> LabSpec.of("t1", 1).withHostNames("ul")).hasMessageContaining("not 'ul'");
        assertThatThrownBy(() -> LabSpec.of("t1", 1).withHostNames("a", "a")).hasMessageContaining("host names repeat");
        assertThatThrownBy(() -> LabSpec.of("t1", 1).withRunRoot(Path.of("rel"))).hasMessageContaining("absolute");
    }

    @Test
    void longestNamesStayWithinFifteenCharacters() {
        LabNames names = new LabNames("abcdef", Path.of("/tmp/appnet-lab"));
        assertThat(names.managementVeth(99)).hasSizeLessThanOrEqualTo(15);
        assertThat(names.managementBridge()).hasSizeLessThanOrEqualTo(15);
        assertThat(LabNames.containerPort("abcdefghijkl")).hasSizeLessThanOrEqualTo(15);
        assertThat(names.hostNamespace("abcdefgh")).startsWith(names.prefix());
        assertThat(names.containerNamespace("h1", "web")).isEqualTo("an-abcdef-h1-web");
    }

    @Test
    void addressesFollowTheHostIndex() {
        assertThat(LabNames.underlayIp(1)).isEqualTo("192.168.50.11");
        assertThat(LabNames.managementIp(7, 2)).isEqualTo("172.31.7.12");
        assertThat(LabNames.managementGateway(7)).isEqualTo("172.31.7.1");
    }

    @Test
    void containerSpecChecksAddressesAndNames() {
        ContainerSpec spec = ContainerSpec.of("web", "some-app-guid", "10.255.1.10/24", "10.255.1.1");
        assertThat(spec.ip()).isEqualTo("10.255.1.10");
        assertThat(spec.prefixLength()).isEqualTo(24);
        assertThat(spec.mac()).isEmpty();
        assertThat(spec.withMac("02:00:00:00:00:0a").mac()).contains("02:00:00:00:00:0a");

        assertThatThrownBy(() -> ContainerSpec.of("web", "g", "10.255.1.10", "10.255.1.1")).hasMessageContaining("10.255.1.10/24");
        assertThatThrownBy(() -> ContainerSpec.of("web", "g", "10.255.1.300/24", "10.255.1.1")).hasMessageContaining("not a dotted-quad");
        assertThatThrownBy(() -> ContainerSpec.of("web", "g", "10.255.1.10/24", "10.255.2.1")).hasMessageContaining("gateway 10.255.2.1");
        assertThatThrownBy(() -> ContainerSpec.of("web", "g", "10.255.1.10/24", "10.255.1.10")).hasMessageContaining("gateway");
        assertThatThrownBy(() -> ContainerSpec.of("Web", "g", "10.255.1.10/24", "10.255.1.1")).hasMessageContaining("container name");
        assertThatThrownBy(() -> ContainerSpec.of("web", "", "10.255.1.10/24", "10.255.1.1")).hasMessageContaining("app GUID");
        assertThatThrownBy(() -> ContainerSpec.of("web", "tab\there", "10.255.1.10/24", "10.255.1.1")).hasMessageContaining("printable");
        assertThatThrownBy(() -> spec.withMac("03:00:00:00:00:01")).hasMessageContaining("multicast");
        assertThatThrownBy(() -> spec.withMac("02-00-00-00-00-01")).hasMessageContaining("not a MAC");
    }

    @Test
    void controllerEndpointNeedsAtLeastOnePortAndAnIpv4Address() {
        ControllerEndpoint root = ControllerEndpoint.rootNamespace(6653, 6640);
        assertThat(root.address()).isEmpty();
        assertThat(root.withoutOvsdb().ovsdbPort()).isEmpty();
        assertThat(ControllerEndpoint.at("10.0.0.1", 1, 2).address()).isEqualTo(Optional.of("10.0.0.1"));
        assertThatThrownBy(() -> root.withoutOvsdb().withoutOpenflow()).hasMessageContaining("needs an OpenFlow port");
        assertThatThrownBy(() -> ControllerEndpoint.rootNamespace(0, 6640)).hasMessageContaining("OpenFlow port 0");
        assertThatThrownBy(() -> ControllerEndpoint.at("localhost", 6653, 6640)).hasMessageContaining("'localhost'");
    }
}
