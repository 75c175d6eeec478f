package io.appnet.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.firewall.Firewall;
import io.appnet.compiler.firewall.Guard;
import io.appnet.compiler.firewall.Identity;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.controller.Controller;
import io.appnet.controller.policy.PolicySpec;
import io.appnet.controller.store.StoreWrite;
import io.appnet.ovs.harness.ContainerSpec;
import io.appnet.ovs.harness.LabContainer;
import io.appnet.ovs.harness.LabHost;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The stand-in firewall in {@code vxlan} mode (issue 10): it terminates VXLAN itself. Lab host h1 is the firewall
 * (its bridge {@code protocols=OpenFlow13}, secure fail mode, registered as fw1 by datapath ID, dialing the
 * OpenFlow port over mutual TLS, never OVSDB) with a VXLAN port {@code vx2} (remote_ip = h2's underlay address,
 * {@code key=flow}) and app db's namespace (TCP echo on 5432 and 5433) on its protected port. Lab host h2 stands in
 * for the appnet host c1 that holds web's and api's instances: it is not the controller's, its flows are static,
 * written here: a packet from one of the platform namespace's addresses is tagged with a VNI and sent to the
 * firewall over VXLAN ({@code vx1}); a packet from the firewall reaches the namespace only if it carries db's VNI.
 * The registration maps host c1 to {@code vx2}, so replies to c1's subnet go out there, re-tagged.
 */
@Tag("ovs")
class FirewallVxlanOvsTest {
    private static final long DATAPATH = 0xf2;
    private static final String DB = "10.255.2.10";
    private static final String WEB = "10.255.1.10";
    private static final String API = "10.255.1.11";
    /** An address no instance has, whose packets h2 tags with web's VNI: in vxlan mode the VNI is the identity. */
    private static final String WEB_TAGGED = "10.255.1.13";
    /** web's instance address, whose packets h2 tags with api's VNI. */
    private static final String API_TAGGED = "10.255.1.14";
    private static final Duration CONNECT = Duration.ofMillis(700);

    private static ControllerLab lab;
    private static LabHost firewall;
    private static LabHost c1;
    private static LabContainer platform;
    private static LabContainer db;
    private static long webId;
    private static long apiId;
    private static long dbId;

    @BeforeAll
    static void start() throws Exception {
        lab = ControllerLab.start("fwx", 2, 0);
        try {
            firewall = lab.host("h1");
            c1 = lab.host("h2");
            FirewallStandIn.restrict(firewall, DATAPATH);
            firewall.vsctl("add-port", "br-int", "vx2", "--", "set", "interface", "vx2", "type=vxlan",
                    "options:remote_ip=" + c1.underlayIp(), "options:key=flow");
            c1.vsctl("add-port", "br-int", "vx1", "--", "set", "interface", "vx1", "type=vxlan",
                    "options:remote_ip=" + firewall.underlayIp(), "options:key=flow");
            // The userspace datapath drops a tunnel's first packet while it resolves the remote's MAC: given here.
            firewall.appctl("tnl/neigh/set", "br-phy", c1.underlayIp(), underlayMac(c1));
            c1.appctl("tnl/neigh/set", "br-phy", firewall.underlayIp(), underlayMac(firewall));
            int tunnel = firewall.ofport("vx2");
            int c1Tunnel = c1.ofport("vx1");
            db = firewall.addContainer(ContainerSpec.of("db", "db", DB + "/16", "10.255.0.1"));
            platform = c1.addContainer(ContainerSpec.of("plat", "platform", WEB + "/16", "10.255.0.1"));
            for (String address : List.of(API, WEB_TAGGED, API_TAGGED)) {
                platform.exec("ip", "addr", "add", address + "/16", "dev", "eth0").stdoutOrThrow();
            }
            for (String address : List.of(WEB, API, WEB_TAGGED, API_TAGGED)) {
                db.setNeighbour(address, platform.mac());
            }
            platform.setNeighbour(DB, db.mac());
            db.startTcpEcho(5432);
            db.startTcpEcho(5433);

            Controller controller = lab.controller();
            controller.model().apply(List.of(Change.putHost(Host.of("c1", "192.168.60.1", "10.255.1.0/24", 1)),
                    Change.putHost(Host.of("c2", "192.168.60.2", "10.255.2.0/24", 1)),
                    Change.addInstance("c1/web", "web", "c1", 2, WEB, "02:00:00:00:01:0a"),
                    Change.addInstance("c1/api", "api", "c1", 3, API, "02:00:00:00:01:0b"),
                    Change.addInstance("c2/db", "db", "c2", 2, DB, "02:00:00:00:02:0a")), StoreWrite.none()).join();
            controller.policies().create(List.of(PolicySpec.parse("web", "db", "tcp", 5432, 5432, false))).join();
            webId = controller.model().network().appId("web").orElseThrow().value();
            apiId = controller.model().network().appId("api").orElseThrow().value();
            dbId = controller.model().network().appId("db").orElseThrow().value();

            String toFirewall = ",actions=set_field:%d->tun_id,output:" + c1Tunnel;
            c1.addFlows("br-int",
                    "priority=100,ip,in_port=" + platform.ofport() + ",nw_src=" + WEB + String.format(toFirewall, webId),
                    "priority=100,ip,in_port=" + platform.ofport() + ",nw_src=" + API + String.format(toFirewall, apiId),
                    "priority=100,ip,in_port=" + platform.ofport() + ",nw_src=" + WEB_TAGGED
                            + String.format(toFirewall, webId),
                    "priority=100,ip,in_port=" + platform.ofport() + ",nw_src=" + API_TAGGED
                            + String.format(toFirewall, apiId),
                    "priority=100,ip,in_port=" + c1Tunnel + ",tun_id=" + dbId + ",actions=output:" + platform.ofport());

            controller.firewalls().register(new Firewall("fw1", DATAPATH, db.ofport(), tunnel,
                    List.of(new Guard.App("db")),
                    new Identity.Vxlan(new TreeMap<>(Map.of(HostId.of("c1"), (long) tunnel))),
                    Optional.empty()));
            firewall.connect(lab.lab().controllerAddress(), OptionalInt.of(lab.openflowPort()), OptionalInt.empty(),
                    Optional.of(lab.pki().host("fw1")));
            ControllerLab.await(Duration.ofSeconds(20), () -> state().startsWith("deployed")
                    && installed().equals(exported()), () -> "firewall state " + state() + ", rules " + installed());
        } catch (Exception | AssertionError e) {
            lab.close();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    private static String underlayMac(LabHost host) {
        return host.vsctl("get", "interface", "br-phy", "mac_in_use").strip().replace("\"", "");
    }

    private static String state() {
        return FirewallView.state(lab.controller(), DATAPATH);
    }

    private static Set<String> installed() {
        return FirewallView.installed(firewall);
    }

    private static Set<String> exported() {
        return FirewallView.exported(lab.controller(), "fw1");
    }

    /** A TCP connection from {@code source} (an address of the platform namespace) to db:port, with its echo. */
    private static boolean connects(String source, int port) {
        String script = "import socket,sys\ns=socket.socket()\ns.settimeout(" + CONNECT.toMillis() / 1000.0 + ")\n"
                + "s.bind(('" + source + "',0))\ntry:\n s.connect(('" + DB + "'," + port + "))\n s.sendall(b'hi\\n')\n"
                + " sys.exit(0 if s.recv(16)==b'hi\\n' else 2)\nexcept OSError:\n sys.exit(1)\n";
        return platform.exec("/usr/bin/python3", "-c", script).succeeded();
    }

    @Test
    void theAllowedAppsVniConnectsOverVxlanAndItsRepliesComeBackWithDbsVniAnotherAppsVniDoesNot() {
        assertThat(connects(WEB, 5432)).as("web's VNI -> db:5432 (allowed), the echo back with db's VNI").isTrue();
        assertThat(connects(WEB_TAGGED, 5432)).as("web's VNI from an address no instance has").isTrue();
        assertThat(connects(WEB, 5433)).as("web's VNI -> db:5433 (no policy)").isFalse();
        assertThat(connects(API, 5432)).as("api's VNI -> db:5432 (no policy)").isFalse();
        assertThat(connects(API_TAGGED, 5432)).as("api's VNI from another address").isFalse();
    }

    @Test
    void theRulesMatchTunnelIdAndRetagRepliesWithStandardFieldsOnly() {
        Set<String> installed = installed();
        assertThat(installed).isNotEmpty().allSatisfy(flow -> assertThat(flow)
                .doesNotContain("reg", "ct_", "tun_src", "tun_dst", "NXM", "conjunction", "resubmit", "move:",
                        "learn"));
        assertThat(installed).anyMatch(flow -> flow.contains("tun_id=0x" + Long.toHexString(webId)));
        assertThat(installed).anyMatch(flow -> flow.contains("set_field:0x" + Long.toHexString(dbId) + "->tun_id")
                && flow.contains("output:" + firewall.ofport("vx2")));
        assertThat(installed).noneMatch(flow -> flow.contains("nw_src=" + WEB));
        assertThat(firewall.vsctl("get-manager")).as("the firewall never talks OVSDB to the controller").isBlank();
    }
}
