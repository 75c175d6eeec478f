package io.appnet.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.model.Network;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.model.SubnetPool;
import io.appnet.controller.policy.PolicyException;
import io.appnet.controller.policy.PolicyService;
import io.appnet.controller.programmer.NetworkProgrammer;
import io.appnet.controller.store.InMemoryStore;
import io.appnet.controller.switches.SwitchListener;
import io.appnet.controller.switches.SwitchService;
import io.appnet.openflow.connection.OfConnection;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The policy verbs: what they print, and refusals with the REST API's messages. */
class PolicyCommandsTest {
    static final SwitchService NONE = new SwitchService() {
        @Override
        public Optional<OfConnection> connection(long datapathId) {
            return Optional.empty();
        }

        @Override
        public Map<Long, OfConnection> connections() {
            return Map.of();
        }

        @Override
        public void addListener(SwitchListener listener) {
        }

        @Override
        public void removeListener(SwitchListener listener) {
        }
    };

    private final PolicyService policies = new PolicyService(new NetworkModel(FlowCompiler.ovsHosts(), Network.empty(),
            SubnetPool.defaults(), new InMemoryStore(), new NetworkProgrammer(NONE, Duration.ZERO, false)));

    private String add(String source, String destination, String protocol, String ports) throws Exception {
        PolicyAdd add = new PolicyAdd();
        add.policies = policies;
        add.source = source;
        add.destination = destination;
        add.protocol = protocol;
        add.ports = ports;
        return add.run();
    }

    private String remove(String source, String destination, String protocol, String ports) throws Exception {
        PolicyRemove remove = new PolicyRemove();
        remove.policies = policies;
        remove.source = source;
        remove.destination = destination;
        remove.protocol = protocol;
        remove.ports = ports;
        return remove.run();
    }

    private String list(String app, String source, String destination) {
        PolicyList list = new PolicyList();
        list.policies = policies;
        list.app = app;
        list.source = source;
        list.destination = destination;
        return list.run();
    }

    @Test
    void addListAndRemoveSayWhatHappened() throws Exception {
        assertThat(add("web", "api", "tcp", "8080-8090")).isEqualTo("added: web -> api tcp/8080-8090");
        assertThat(add("web", "api", "tcp", "8080-8090")).isEqualTo("already present: web -> api tcp/8080-8090");
        assertThat(add("api", "db", "icmp", null)).isEqualTo("added: api -> db icmp");

        assertThat(list(null, null, null).lines()).hasSize(4)
                .anySatisfy(line -> assertThat(line).contains("web", "api", "tcp", "8080-8090"))
                .anySatisfy(line -> assertThat(line).contains("api", "db", "icmp", "-"));
        assertThat(list("db", null, null)).contains("icmp").doesNotContain("8080");
        assertThat(list(null, "web", "db")).doesNotContain("tcp", "icmp");

        assertThat(remove("web", "api", "tcp", "8080")).isEqualTo("no such policy: web -> api tcp/8080");
        assertThat(remove("web", "api", "tcp", "8080-8090")).isEqualTo("removed: web -> api tcp/8080-8090");
        assertThat(list(null, null, null)).doesNotContain("web");
    }

    @Test
    void refusalsCarryTheApisMessages() {
        assertThatThrownBy(() -> add("web", "api", "tcp", "90-80")).isInstanceOf(PolicyException.class)
                .hasMessage("invalid port range 90-80, start must be less than or equal to end");
        assertThatThrownBy(() -> add("web", "api", "tcp", null)).hasMessage("missing start port");
        assertThatThrownBy(() -> add("web", "api", "sctp", "1")).hasMessage(
                "invalid destination protocol, specify either udp, tcp, icmp or all");
        assertThatThrownBy(() -> add("web", "api", "tcp", "http"))
                .hasMessage("invalid ports 'http': expected a port like 8080 or a range like 8000-8080");
        assertThatThrownBy(() -> add("web", "api", "icmp", "1")).hasMessage("ports are not allowed for protocol icmp");
        assertThat(list(null, null, null).lines()).as("nothing was added: the header only").hasSize(2);
    }
}
