package io.appnet.controller.switches;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.openflow.connection.FakeSwitch;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.connection.OfConnectionConfig;
import io.appnet.openflow.message.MacAddress;
import io.appnet.openflow.message.PortDescription;
import io.appnet.openflow.message.PortReason;
import io.appnet.openflow.message.PortStatus;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The switch manager against scripted switches over TCP on loopback. */
class SwitchRegistryTest {
    private SwitchManager manager;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        manager = new SwitchManager(new InetSocketAddress("127.0.0.1", 0), OfConnectionConfig.defaults(), Optional.empty());
        manager.addListener(new SwitchListener() {
            @Override
            public void switchUp(OfConnection connection) {
                events.add("up " + connection + " " + connection.remoteAddress());
            }

            @Override
            public void switchDown(long datapathId, String reason) {
                events.add("down " + Long.toHexString(datapathId) + " " + reason);
            }

            @Override
            public void portStatus(long datapathId, PortStatus status) {
                events.add("port " + Long.toHexString(datapathId) + " " + status.reason() + " " + status.port().name());
            }
        });
    }

    @AfterEach
    void stop() {
        manager.close();
    }

    private String next() throws InterruptedException {
        String event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("an event within 10 s").isNotNull();
        return event;
    }

    @Test
    void secondConnectionOfADatapathReplacesTheFirstCleanly() throws Exception {
        try (FakeSwitch first = FakeSwitch.connected(manager.localAddress(), 0xa1)) {
            assertThat(next()).startsWith("up 00000000000000a1");
            OfConnection firstConnection = manager.connection(0xa1).orElseThrow();
            try (FakeSwitch second = FakeSwitch.connected(manager.localAddress(), 0xa1)) {
                assertThat(next()).startsWith("down a1 replaced by a new connection from /127.0.0.1:");
                assertThat(next()).startsWith("up 00000000000000a1");
                assertThat(first.closedByPeer()).isTrue();
                firstConnection.closeFuture().get(5, TimeUnit.SECONDS);
                OfConnection secondConnection = manager.connection(0xa1).orElseThrow();
                assertThat(secondConnection).isNotSameAs(firstConnection);
                assertThat(secondConnection.isActive()).isTrue();
                assertThat(secondConnection.remoteAddress()).isNotEqualTo(firstConnection.remoteAddress());
            }
            assertThat(next()).isEqualTo("down a1 switch closed the connection");
            assertThat(events.poll(300, TimeUnit.MILLISECONDS)).as("the replaced connection is not reported twice").isNull();
        }
    }

    @Test
    void portStatusReachesListenersAndOtherSwitchesAreUnaffectedByADisconnect() throws Exception {
        try (FakeSwitch one = FakeSwitch.connected(manager.localAddress(), 1);
                FakeSwitch two = FakeSwitch.connected(manager.localAddress(), 2)) {
            next();
            next();
            PortDescription port = new PortDescription(7, MacAddress.of("02:00:00:00:00:07"), "veth7", 0, 4, 0, 0, 0, 0,
                    0, 0);
            one.send(new PortStatus(0, PortReason.ADD, port));
            assertThat(next()).isEqualTo("port 1 ADD veth7");
            one.close();
            assertThat(next()).isEqualTo("down 1 switch closed the connection");
            assertThat(manager.connections()).containsOnlyKeys(2L);
            var barrier = manager.connection(2).orElseThrow().barrier();
            two.send(new io.appnet.openflow.message.BarrierReply(
                    two.expect(io.appnet.openflow.message.BarrierRequest.class).xid()));
            assertThat(barrier.get(5, TimeUnit.SECONDS)).as("switch 2 still answers").isNotNull();
        }
    }

    @Test
    void lateListenerLearnsAboutSwitchesAlreadyConnected() throws Exception {
        try (FakeSwitch sw = FakeSwitch.connected(manager.localAddress(), 5)) {
            next();
            BlockingQueue<Long> seen = new LinkedBlockingQueue<>();
            manager.addListener(new SwitchListener() {
                @Override
                public void switchUp(OfConnection connection) {
                    seen.add(connection.datapathId());
                }

                @Override
                public void switchDown(long datapathId, String reason) {
                }
            });
            assertThat(seen.poll(1, TimeUnit.SECONDS)).isEqualTo(5L);
        }
    }
}
