package io.appnet.controller.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.MacAddress;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The caps of enrolment: hosts leased, instances per host. */
class EnrolmentTest {

    @Test
    void aNewHostPastTheHostCapIsRefusedAndAKnownOneIsNot() {
        assertThat(Enrolment.hostCapRefusal("h3", Set.of("h1", "h2"), 2))
                .contains("host h3 not leased a subnet: the cap of 2 hosts (max.hosts) is reached");
        assertThat(Enrolment.hostCapRefusal("h2", Set.of("h1", "h2"), 2)).isEmpty();
        assertThat(Enrolment.hostCapRefusal("h3", Set.of("h1"), 2)).isEmpty();
    }

    @Test
    void instancesPastTheCapAreRejectedKeepingTheAcceptedOnesFirst() {
        Map<String, InstanceSpec> instances = new TreeMap<>();
        for (String name : new String[] {"c-a", "c-b", "c-c"}) {
            instances.put(name, new InstanceSpec(name, "app-" + name,
                    Ipv4Address.parse("10.255.0." + (10 + instances.size())),
                    MacAddress.parse("02:00:00:00:00:0" + (1 + instances.size())), instances.size() + 2));
        }
        HostReading reading = new HostReading(OptionalLong.of(1), OptionalInt.of(1), new TreeMap<>(instances),
                new TreeMap<>(), new TreeMap<>());

        HostReading capped = Enrolment.capInstances(reading, Set.of("c-c"), 2);

        assertThat(capped.instances()).containsOnlyKeys("c-a", "c-c");
        assertThat(capped.rejected()).containsOnly(
                Map.entry("c-b", "over the cap of 2 instances per host (max.instances.per.host)"));
        assertThat(Enrolment.capInstances(reading, Set.of(), 3)).isSameAs(reading);
    }
}
