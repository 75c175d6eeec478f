package io.appnet.controller.firewall;

import io.appnet.openflow.codec.ErrorCodes;
import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.ErrorMessage;
import io.appnet.openflow.message.BundleControlType;
import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.BundleAdd;
import io.appnet.compiler.firewall.DeployMode;
import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.firewall.Budget;
import io.appnet.compiler.firewall.Firewall;
import io.appnet.compiler.firewall.FirewallRules;
import io.appnet.compiler.firewall.Guard;
import io.appnet.compiler.firewall.Identity;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Host;
import io.appnet.controller.Controller;
import io.appnet.controller.ControllerConfig;
import io.appnet.controller.policy.PolicySpec;
import io.appnet.controller.programmer.FlowTranslator;
import io.appnet.controller.store.InMemoryStore;
import io.appnet.controller.store.StoreWrite;
import io.appnet.openflow.codec.OfMessageCodec;
import io.appnet.openflow.connection.FakeSwitch;
import io.appnet.openflow.message.BarrierReply;
import io.appnet.openflow.message.BarrierRequest;
import io.appnet.openflow.message.EchoReply;
import io.appnet.openflow.message.EchoRequest;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowStatsReply;
import io.appnet.openflow.message.FlowStatsRequest;
import io.appnet.openflow.message.MultipartReply;
import io.appnet.openflow.message.MultipartRequest;
import io.appnet.openflow.message.OfMessage;
import io.appnet.openflow.message.TableFeaturesRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A registered firewall's switch, scripted over TCP as Open vSwitch 3.1 answers (its table features: table 0 of 100
 * entries, table 1 of 50), with or without ONF bundles: what the controller sends it and in which order; a refusal
 * sends no flow-mod.
 */
class FirewallSwitchesTest {
    private static final long DATAPATH = 0xf1;
    private static final int BAD_EXPERIMENTER = 3; // OFPBRC_BAD_EXPERIMENTER
    private static final Firewall FW1 = new Firewall("fw1", DATAPATH, 1, 2, List.of(new Guard.App("db")),
            new Identity.InstanceIp(), Optional.empty());

    private Controller controller;
    private final InMemoryStore store = new InMemoryStore();
    private final List<String> sent = new ArrayList<>();
    private final List<FlowMod> flowMods = new ArrayList<>();
    private boolean hasBundles;

    @BeforeEach
    void start() throws Exception {
        controller = Controller.start(ControllerConfig.defaults().listeningOn("127.0.0.1", 0, 0).withPlaintext()
                .withSettleTimeout(Duration.ZERO), store);
        controller.model().apply(List.of(Change.putHost(Host.of("c1", "192.168.60.1", "10.255.1.0/24", 1)),
                Change.putHost(Host.of("c2", "192.168.60.2", "10.255.2.0/24", 1)),
                Change.addInstance("c1/web", "web", "c1", 2, "10.255.1.10", "02:00:00:00:01:0a"),
                Change.addInstance("c2/db", "db", "c2", 2, "10.255.2.10", "02:00:00:00:02:0a")), StoreWrite.none()).join();
        controller.policies().create(List.of(PolicySpec.parse("web", "db", "tcp", 5432, 5432, false))).join();
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    private static MultipartReply ovsTableFeatures(int xid) throws IOException {
        try (InputStream in = FirewallSwitchesTest.class.getResourceAsStream(
                "/io/appnet/openflow/codec/table-features-ovs-3.1-part0.bin")) {
            MultipartReply part = (MultipartReply) OfMessageCodec.decode(in.readAllBytes());
            return new MultipartReply(xid, false, part.body());
        }
    }

    private String state() {
        return controller.firewalls().devices().state(DATAPATH).map(FirewallDevices.State::outcome).orElse("none");
    }

    /** Answers the controller as OVS would (no rules installed) until {@code done}, recording what it sent. */
    private void serve(FakeSwitch device, BooleanSupplier done) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("before the deadline; sent %s, state %s", sent, state())
                    .isLessThan(deadline);
            OfMessage message;
            try {
                message = device.receive();
            } catch (SocketTimeoutException quiet) {
                continue;
            }
            if (message instanceof EchoRequest echo) {
                device.send(new EchoReply(echo.xid(), echo.payload()));
            } else if (message instanceof MultipartRequest request && request.body() instanceof TableFeaturesRequest) {
                sent.add("table features");
                device.send(ovsTableFeatures(request.xid()));
            } else if (message instanceof MultipartRequest request && request.body() instanceof FlowStatsRequest) {
                sent.add("flow stats");
                device.send(new MultipartReply(request.xid(), false, new FlowStatsReply(List.of())));
            } else if (message instanceof FlowMod mod) {
                sent.add(mod.command().toString());
                flowMods.add(mod.withXid(0));
            } else if (message instanceof BundleControl control) {
                String type = control.controlType().toString();
                sent.add("bundle " + type.substring(0, type.indexOf('_')).toLowerCase(java.util.Locale.ROOT));
                device.send(hasBundles ? new BundleControl(control.xid(), control.bundleId(),
                        BundleControlType.values()[control.controlType().ordinal() + 1], control.flags(), List.of())
                        : new ErrorMessage(control.xid(), ErrorCodes.BAD_REQUEST, BAD_EXPERIMENTER,
                                Bytes.EMPTY));
            } else if (message instanceof BundleAdd add && add.message() instanceof FlowMod mod) {
                sent.add("bundle " + mod.command());
                flowMods.add(mod.withXid(0));
            } else if (message instanceof BarrierRequest barrier) {
                sent.add("barrier");
                device.send(new BarrierReply(barrier.xid()));
            } else if (message != null) {
                sent.add(message.type().toString());
            }
            boolean answered = message instanceof BarrierRequest || message instanceof MultipartRequest
                    || message instanceof BundleControl;
            for (int i = 0; answered && i < 50 && !done.getAsBoolean(); i++) { // what it waited for may follow
                sleep(10);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void itsTablesAreReadThenItsRulesAddedAndABarrierAndARefusalSendsNothing() throws Exception {
        controller.firewalls().register(FW1);
        try (FakeSwitch device = FakeSwitch.connected(controller.openflowAddress(), DATAPATH)) {
            serve(device, () -> state().startsWith("deployed"));
            FirewallRules rules = (FirewallRules) controller.firewalls().compile("fw1");
            List<String> expected = new ArrayList<>(List.of("table features", "bundle open", "flow stats"));
            rules.flows().forEach(flow -> expected.add("ADD"));
            expected.add("barrier");
            assertThat(sent).containsExactlyElementsOf(expected);
            assertThat(flowMods).containsExactlyInAnyOrderElementsOf(rules.flows().stream()
                    .map(flow -> FlowTranslator.add(flow).withXid(0)).toList());
            assertThat(state()).startsWith("deployed " + rules.flows().size() + " rules (+" + rules.flows().size()
                    + " -0 rules, 0 foreign) make before break");

            sent.clear();
            controller.firewalls().register(new Firewall("fw1", DATAPATH, 1, 2, FW1.guards(), FW1.identity(),
                    Optional.of(Budget.of(2, 2))));
            serve(device, () -> state().startsWith("refused"));
            assertThat(sent).as("a refusal sends no flow-mod").isNotEmpty().containsOnly("table features");
            assertThat(state()).contains("table 0: needs 3 entries, has 2", "table 1: needs 3 entries, has 2");
        }
    }

    @Test
    void aDeviceWithBundlesGetsItsRulesInOneCommittedBundle() throws Exception {
        hasBundles = true;
        controller.firewalls().register(FW1);
        try (FakeSwitch device = FakeSwitch.connected(controller.openflowAddress(), DATAPATH)) {
            serve(device, () -> state().startsWith("deployed"));
            FirewallRules rules = (FirewallRules) controller.firewalls().compile("fw1");
            List<String> expected = new ArrayList<>(List.of("table features", "bundle open", "bundle discard",
                    "flow stats", "bundle open"));
            rules.flows().forEach(flow -> expected.add("bundle ADD"));
            expected.addAll(List.of("barrier", "bundle commit", "barrier"));
            assertThat(sent).as("the probe (an empty bundle, discarded), then one bundle").containsExactlyElementsOf(
                    expected);
            assertThat(flowMods).containsExactlyInAnyOrderElementsOf(rules.flows().stream()
                    .map(flow -> FlowTranslator.add(flow).withXid(0)).toList());
            assertThat(state()).contains("0 foreign) by bundle in");
        }
    }

    @Test
    void aFirewallRegisteredMakeBeforeBreakGetsNoBundleNorProbe() throws Exception {
        hasBundles = true;
        controller.firewalls().register(new Firewall("fw1", DATAPATH, 1, 2, FW1.guards(), FW1.identity(),
                Optional.empty(), DeployMode.MAKE_BEFORE_BREAK));
        try (FakeSwitch device = FakeSwitch.connected(controller.openflowAddress(), DATAPATH)) {
            serve(device, () -> state().startsWith("deployed"));
            assertThat(sent).doesNotContain("bundle open", "bundle ADD", "bundle commit").contains("ADD");
            assertThat(state()).contains("0 foreign) make before break in");
        }
    }
}
