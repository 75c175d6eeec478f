package io.appnet.ovs.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Builds the usual integration-test lab, three hosts with two containers each, and reports how long building
 * and tearing down took (a measurement for people, not a timed assertion: the machine is shared).
 */
@Tag("ovs")
class LabStartupTimeTest {

    @Test
    void threeHostsWithTwoContainersEach() {
        long started = System.nanoTime();
        long hostsUp;
        long containersUp;
        List<LabContainer> containers = new ArrayList<>();
        try (Lab lab = Lab.start(LabSpec.of("ttim", 3))) {
            hostsUp = System.nanoTime();
            int subnet = 1;
            for (LabHost host : lab.hosts()) {
                String prefix = "10.255." + subnet++ + ".";
                containers.add(host.addContainer(ContainerSpec.of("a", "app-a", prefix + "10/24", prefix + "1")));
                containers.add(host.addContainer(ContainerSpec.of("b", "app-b", prefix + "11/24", prefix + "1")));
            }
            containersUp = System.nanoTime();
            for (LabContainer container : containers) {
                assertThat(container.ofport()).isPositive();
                assertThat(container.host().vsctl("list-ports", "br-int").lines()).contains(container.portName());
            }
        }
        long closed = System.nanoTime();
        System.out.printf("lab timing: 3 hosts up in %d ms, 6 containers attached in %d ms (total %d ms), torn down in %d ms%n",
                millis(started, hostsUp), millis(hostsUp, containersUp), millis(started, containersUp),
                millis(containersUp, closed));
        assertThat(LabResources.find("ttim").isEmpty()).isTrue();
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
