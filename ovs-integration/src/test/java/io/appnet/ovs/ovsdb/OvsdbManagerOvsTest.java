package io.appnet.ovs.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.ovs.harness.ContainerSpec;
import io.appnet.ovs.harness.ControllerEndpoint;
import io.appnet.ovs.harness.Lab;
import io.appnet.ovs.harness.LabContainer;
import io.appnet.ovs.harness.LabHost;
import io.appnet.ovs.harness.LabSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The manager against two real lab hosts that point their OVSDB manager at it, per the host contract. */
@Tag("ovs")
class OvsdbManagerOvsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final RecordingListener LISTENER = new RecordingListener();
    private static OvsdbServer server;
    private static Lab lab;

    @BeforeAll
    static void start() throws InterruptedException {
        server = OvsdbServer.start(OvsdbServerConfig.defaults().withBindAddress("0.0.0.0", 0), LISTENER, Optional.empty());
        try {
            lab = Lab.start(LabSpec.of("od1", 2).withController(
                    ControllerEndpoint.rootNamespace(ControllerEndpoint.DEFAULT_OPENFLOW_PORT, server.localAddress().getPort())
                            .withoutOpenflow()));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        for (LabHost host : lab.hosts()) {
            session(host);
        }
    }

    @AfterAll
    static void stop() {
        try {
            if (lab != null) {
                lab.close();
            }
        } finally {
            server.close();
        }
    }

    @Test
    void bothHostsConnectAndShowTheirHostIdUnderlayIpAndBrIntDatapathId() {
        assertThat(server.sessions()).hasSize(2);
        for (LabHost host : lab.hosts()) {
            HostSnapshot snapshot = session(host).snapshot();
            assertThat(snapshot.hostId()).contains(host.name());
            assertThat(snapshot.underlayIp()).contains(host.underlayIp());
            long datapathId = Long.parseUnsignedLong(unquote(host.vsctl("get", "bridge", "br-int", "datapath_id")), 16);
            assertThat(snapshot.bridge("br-int").orElseThrow().datapathId()).hasValue(datapathId);
            assertThat(snapshot.bridges()).extracting(OvsBridge::name).containsExactly("br-int", "br-phy");
        }
        assertThat(LISTENER.events()).contains("connected h1", "connected h2");
    }

    @Test
    void anAttachedContainerAppearsWithItsIdentityAndOfportAndGoesAwayWithItsPort() {
        LabHost h2 = lab.host("h2");
        OvsdbSession session = session(h2);
        LabContainer container = h2.addContainer(ContainerSpec.of("odc1", "app-od", "10.255.2.20/24", "10.255.2.1"));
        try {
            OvsInterface iface = await(session, snapshot -> brIntInterface(snapshot, container.portName())
                    .filter(found -> found.ofport().isPresent())).orElseThrow();
            assertThat(iface.externalIds()).containsEntry("appnet-app-guid", "app-od")
                    .containsEntry("appnet-ip", "10.255.2.20")
                    .containsEntry("attached-mac", container.mac());
            assertThat(iface.ofport()).hasValue(container.ofport());
        } finally {
            h2.removeContainer("odc1");
        }
        until(() -> brIntInterface(session.snapshot(), container.portName()).isEmpty(), "the container's port to go");
        assertThat(LISTENER.changes()).anySatisfy(change -> {
            assertThat(change.session()).isSameAs(session);
            assertThat(brIntInterface(change.previous(), container.portName())).isPresent();
            assertThat(brIntInterface(change.current(), container.portName())).isEmpty();
        });
    }

    @Test
    void theLeasedSubnetIsWrittenBackBesideTheHostsOwnKeys() throws Exception {
        LabHost h1 = lab.host("h1");
        OvsdbSession session = session(h1);
        try {
            assertThat(session.setOpenVswitchExternalId("appnet-subnet", "10.255.1.0/24").get(10, TimeUnit.SECONDS))
                    .isEqualTo(Outcome.CREATED);
            assertThat(unquote(h1.vsctl("get", "open_vswitch", ".", "external_ids:appnet-subnet"))).isEqualTo("10.255.1.0/24");
            assertThat(unquote(h1.vsctl("get", "open_vswitch", ".", "external_ids:appnet-host-id"))).isEqualTo("h1");
            assertThat(session.snapshot().subnet()).contains("10.255.1.0/24");
            assertThat(session.setOpenVswitchExternalId("appnet-subnet", "10.255.1.0/24").get(10, TimeUnit.SECONDS))
                    .isEqualTo(Outcome.UNCHANGED);
        } finally {
            h1.vsctl("remove", "open_vswitch", ".", "external_ids", "appnet-subnet");
        }
    }

    @Test
    void tunnelPortIsCreatedExactlyOnceGetsAnOfportAndIsUpdatedAndDeleted() throws Exception {
        LabHost h1 = lab.host("h1");
        OvsdbSession session = session(h1);
        try {
            assertThat(session.ensureTunnelPort("br-int", "odvx0", TunnelOptions.flowBased()).get(10, TimeUnit.SECONDS))
                    .isEqualTo(Outcome.CREATED);
            assertThat(h1.vsctl("port-to-br", "odvx0").strip()).isEqualTo("br-int");
            assertThat(h1.vsctl("iface-to-br", "odvx0").strip()).isEqualTo("br-int");
            assertThat(unquote(h1.vsctl("get", "interface", "odvx0", "type"))).isEqualTo("vxlan");
            assertThat(h1.vsctl("get", "interface", "odvx0", "options").strip()).isEqualTo("{key=flow, remote_ip=flow}");
            OvsInterface tunnel = await(session, snapshot -> brIntInterface(snapshot, "odvx0")
                    .filter(found -> found.ofport().isPresent())).orElseThrow();
            assertThat(tunnel.ofport()).hasValue(h1.ofport("odvx0"));
            String rows = h1.vsctl("--columns=_uuid,name,type,options", "list", "interface", "odvx0")
                    + h1.vsctl("--columns=_uuid,name,interfaces", "list", "port", "odvx0");

            assertThat(session.ensureTunnelPort("br-int", "odvx0", TunnelOptions.flowBased()).get(10, TimeUnit.SECONDS))
                    .isEqualTo(Outcome.UNCHANGED);
            assertThat(h1.vsctl("--columns=_uuid,name,type,options", "list", "interface", "odvx0")
                    + h1.vsctl("--columns=_uuid,name,interfaces", "list", "port", "odvx0")).isEqualTo(rows);
            assertThat(h1.vsctl("list-ports", "br-int").lines().filter("odvx0"::equals)).hasSize(1);

            assertThat(session.ensureTunnelPort("br-int", "odvx0", TunnelOptions.flowBased(h1.underlayIp()))
                    .get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.UPDATED);
            assertThat(h1.vsctl("get", "interface", "odvx0", "options").strip())
                    .isEqualTo("{key=flow, local_ip=\"" + h1.underlayIp() + "\", remote_ip=flow}");
            assertThat(h1.ofport("odvx0")).isEqualTo(tunnel.ofport().getAsInt());

            assertThat(session.deletePort("br-int", "odvx0").get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.DELETED);
            assertThat(h1.vsctl("list-ports", "br-int").lines()).doesNotContain("odvx0");
            assertThat(h1.vsctl("--columns=name", "list", "interface").lines()).noneMatch(line -> line.contains("odvx0"));
            assertThat(session.deletePort("br-int", "odvx0").get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.UNCHANGED);
        } finally {
            h1.vsctl("--if-exists", "del-port", "br-int", "odvx0");
        }
    }

    @Test
    void aGarbageClientIsDisconnectedWhileTheHostsStayConnected() throws Exception {
        List<OvsdbSession> hosts = lab.hosts().stream().map(OvsdbManagerOvsTest::session).toList();
        int eventsBefore = LISTENER.events().size();
        InetSocketAddress manager = new InetSocketAddress("127.0.0.1", server.localAddress().getPort());
        assertThat(disconnectedAfterSending(manager, "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))
                .isTrue();
        assertThat(disconnectedAfterSending(manager, "{\"id\": null, \"method\": \"update\", \"params\": [\"appnet\", {}]}"
                .getBytes(StandardCharsets.UTF_8))).isTrue();
        byte[] oversize = new byte[OvsdbServerConfig.DEFAULT_MAX_MESSAGE_BYTES + 1024];
        Arrays.fill(oversize, (byte) 'x');
        oversize[0] = '[';
        oversize[1] = '"';
        assertThat(disconnectedAfterSending(manager, oversize)).isTrue();

        assertThat(LISTENER.events()).hasSize(eventsBefore); // never announced, never disconnected
        assertThat(server.sessions()).containsExactlyInAnyOrderElementsOf(hosts);
        for (OvsdbSession host : hosts) {
            assertThat(host.isActive()).isTrue();
            List<OperationResult> result = host.transact(List.of(Operation.select("Bridge",
                    List.of(Condition.equal("name", Datum.string("br-int"))), "name"))).get(10, TimeUnit.SECONDS);
            assertThat(result.get(0).rows()).extracting(row -> row.string("name")).containsExactly("br-int");
        }
    }

    @Test
    void aHostThatDropsItsManagerIsDisconnectedAndComesBackWhenItIsSetAgain() {
        LabHost h2 = lab.host("h2");
        OvsdbSession before = session(h2);
        String target = h2.vsctl("get-manager").strip();
        h2.vsctl("del-manager");
        until(() -> !before.isActive() && server.session("h2").isEmpty(), "h2's session to end");
        assertThat(LISTENER.events()).contains("disconnected h2: the host closed the connection");
        h2.setManager(target);
        OvsdbSession after = session(h2);
        assertThat(after).isNotSameAs(before);
        assertThat(after.snapshot().underlayIp()).contains(h2.underlayIp());
    }

    // ---- helpers ----

    private static OvsdbSession session(LabHost host) {
        until(() -> server.session(host.name()).filter(OvsdbSession::isActive).isPresent(),
                host.name() + " to connect to the OVSDB manager");
        return server.session(host.name()).orElseThrow();
    }

    private static Optional<OvsInterface> brIntInterface(HostSnapshot snapshot, String name) {
        return snapshot.bridge("br-int").flatMap(bridge -> bridge.port(name))
                .flatMap(port -> port.interfaces().stream().filter(iface -> iface.name().equals(name)).findFirst());
    }

    /** Waits until the session's snapshot yields a value. */
    private static <T> Optional<T> await(OvsdbSession session, Function<HostSnapshot, Optional<T>> probe) {
        until(() -> probe.apply(session.snapshot()).isPresent(), "the snapshot of " + session);
        return probe.apply(session.snapshot());
    }

    private static void until(Supplier<Boolean> condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Sends the bytes as a rogue client would, then reports whether the manager closed the connection. */
    private static boolean disconnectedAfterSending(InetSocketAddress manager, byte[] bytes) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(manager, 2000);
            socket.setSoTimeout(5000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                return true; // reset while we were still writing: closed on us
            }
            byte[] buffer = new byte[4096];
            try {
                while (in.read(buffer) >= 0) {
                    // the manager's monitor request; read on until it closes
                }
                return true;
            } catch (IOException e) {
                return e.getMessage() != null && e.getMessage().contains("reset");
            }
        }
    }

    private static String unquote(String value) {
        String stripped = value.strip();
        return stripped.startsWith("\"") ? stripped.substring(1, stripped.length() - 1) : stripped;
    }

}
