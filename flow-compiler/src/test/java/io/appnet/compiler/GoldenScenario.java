package io.appnet.compiler;

import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import java.util.List;
import java.util.Set;

/**
 * The small readable scenario of the golden tests: 3 hosts, 4 apps.
 *
 * <pre>
 * host-a 192.168.50.1 10.255.1.0/24: frontend-0 (port 2, .2), backend-0 (port 3, .3)
 * host-b 192.168.50.2 10.255.2.0/24: backend-1 (port 2, .2), metrics-0 (port 3, .3)
 * host-c 192.168.50.3 10.255.3.0/24: database-0 (port 2, .2)
 * apps: frontend=1 backend=2 database=3 metrics=4
 * policy 1: frontend -> backend tcp 8080
 * policy 2: frontend -> backend tcp 9000-9010
 * policy 3: backend  -> database tcp 5432
 * policy 4: backend  -> backend icmp
 * group monitoring = {metrics}, group observed = {frontend, backend, database}
 * group policy 10: monitoring -> observed tcp 9100
 * </pre>
 */
final class GoldenScenario {

    private GoldenScenario() {
    }

    static List<Change> changes() {
        return List.of(
                Change.registerApp("frontend"), Change.registerApp("backend"), Change.registerApp("database"),
                Change.registerApp("metrics"),
                Change.putHost(Host.of("host-a", "192.168.50.1", "10.255.1.0/24", 1)),
                Change.putHost(Host.of("host-b", "192.168.50.2", "10.255.2.0/24", 1)),
                Change.putHost(Host.of("host-c", "192.168.50.3", "10.255.3.0/24", 1)),
                Change.addInstance("frontend-0", "frontend", "host-a", 2, "10.255.1.2", "02:00:0a:ff:01:02"),
                Change.addInstance("backend-0", "backend", "host-a", 3, "10.255.1.3", "02:00:0a:ff:01:03"),
                Change.addInstance("backend-1", "backend", "host-b", 2, "10.255.2.2", "02:00:0a:ff:02:02"),
                Change.addInstance("metrics-0", "metrics", "host-b", 3, "10.255.2.3", "02:00:0a:ff:02:03"),
                Change.addInstance("database-0", "database", "host-c", 2, "10.255.3.2", "02:00:0a:ff:03:02"),
                Change.addPolicy(1, "frontend", "backend", Protocol.TCP, PortRange.single(8080)),
                Change.addPolicy(2, "frontend", "backend", Protocol.TCP, PortRange.of(9000, 9010)),
                Change.addPolicy(3, "backend", "database", Protocol.TCP, PortRange.single(5432)),
                Change.addPolicy(4, "backend", "backend", Protocol.ICMP, PortRange.any()),
                Change.putGroup("monitoring", Set.of("metrics")),
                Change.putGroup("observed", Set.of("frontend", "backend", "database")),
                Change.addGroupPolicy(10, "monitoring", "observed", Protocol.TCP, PortRange.single(9100)));
    }

    static Network network() {
        return Network.empty().applyAll(changes());
    }
}
