package io.appnet.controller.programmer;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.DatapathDelta;
import io.appnet.compiler.DatapathTables;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.FlowMod;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import io.appnet.controller.switches.SwitchListener;
import io.appnet.controller.switches.SwitchManager;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.connection.OfConnectionConfig;
import io.appnet.openflow.text.FlowText;
import io.appnet.ovs.harness.Lab;
import io.appnet.ovs.harness.LabHost;
import io.appnet.ovs.harness.LabSpec;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SwitchProgrammer against a real br-int (userspace Open vSwitch in a namespace): it installs the compiled
 * tables, a second reconcile sends nothing and the flows keep their age, a flow deleted by hand comes back
 * (only it), a stale appnet flow goes, a foreign flow is reported and stays; a refused flow-mod, in a bundle or
 * alone, fails the step and changes nothing.
 */
@Tag("ovs")
class ReconcileOvsTest {
    private static final Pattern DURATION = Pattern.compile("duration=([0-9.]+)s");
    private static SwitchManager manager;
    private static Lab lab;
    private static final LinkedBlockingQueue<OfConnection> UP = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        UP.clear();
        manager = new SwitchManager(new InetSocketAddress("0.0.0.0", 0), OfConnectionConfig.defaults(), Optional.empty());
        manager.addListener(new SwitchListener() {
            @Override
            public void switchUp(OfConnection connection) {
                UP.add(connection);
            }

            @Override
            public void switchDown(long datapathId, String reason) {
            }
        });
        lab = Lab.start(LabSpec.of("fp1", 1));
    }

    @AfterEach
    void stop() {
        try {
            if (lab != null) {
                lab.close();
            }
        } finally {
            manager.close();
        }
    }

    @Test
    void reconcileSendsOnlyDifferencesAndLeavesForeignFlows() throws Exception {
        LabHost host = lab.host("h1");
        List<FlowEntry> desired = desiredFlows(host);
        SwitchProgrammer programmer = new SwitchProgrammer(desired);
        OfConnection connection = connect(host);

        FlowDiff first = programmer.reconcile(connection).get(5, TimeUnit.SECONDS);
        assertThat(first.mods()).hasSize(desired.size());
        assertThat(dump(host)).containsExactlyInAnyOrderElementsOf(desired.stream().map(FlowEntry::toString).toList());

        Thread.sleep(1100);
        FlowDiff second = programmer.reconcile(connection).get(5, TimeUnit.SECONDS);
        assertThat(second.isEmpty()).as("nothing re-sent").isTrue();
        assertThat(minimumDuration(host)).as("no flow re-added").isGreaterThanOrEqualTo(1.0);

        FlowEntry victim = desired.get(desired.size() / 2);
        host.ofctl("--strict", "del-flows", "br-int", strictSpec(victim));
        host.ofctl("add-flow", "br-int", "cookie=0x1,table=0,priority=7,udp,tp_dst=9999,actions=drop");
        host.ofctl("add-flow", "br-int", "cookie=0xa4000000000003e7,table=51,priority=100,reg5=0x999,actions=drop");
        FlowDiff third = programmer.reconcile(connection).get(5, TimeUnit.SECONDS);

        assertThat(third.mods()).hasSize(2); // the stale appnet flow out, the deleted flow back
        assertThat(programmer.foreignFlows()).singleElement().asString().contains("cookie=0x1", "tp_dst=9999");
        List<String> after = dump(host);
        assertThat(after).contains(victim.toString()).anyMatch(line -> line.contains("cookie=0x1,") && line.contains("9999"))
                .noneMatch(line -> line.contains("reg5=0x999"));
        assertThat(after).hasSize(desired.size() + 1);
        String ages = host.ofctl("dump-flows", "br-int");
        long young = DURATION.matcher(ages).results().filter(m -> Double.parseDouble(m.group(1)) < 1.0).count();
        assertThat(young).as("only the restored and the foreign flow are new").isEqualTo(2);
    }

    @Test
    void afterReconnectNothingIsResentAndFlowsKeepTheirAge() throws Exception {
        LabHost host = lab.host("h1");
        List<FlowEntry> desired = desiredFlows(host);
        SwitchProgrammer programmer = new SwitchProgrammer(desired);
        OfConnection connection = connect(host);
        programmer.reconcile(connection).get(5, TimeUnit.SECONDS);
        Thread.sleep(1100);

        connection.close("test: reconnect");
        OfConnection again = UP.poll(15, TimeUnit.SECONDS);
        assertThat(again).as("br-int reconnected").isNotNull();
        FlowDiff diff = programmer.reconcile(again).get(5, TimeUnit.SECONDS);

        assertThat(diff.isEmpty()).as("nothing re-sent after reconnect").isTrue();
        assertThat(minimumDuration(host)).as("no flow re-added or flushed").isGreaterThanOrEqualTo(1.0);
        assertThat(dump(host)).hasSize(desired.size());
    }

    @Test
    void policyChangesSendOnlyTheDeltaAndReachTheBarrierQuickly() throws Exception {
        LabHost host = lab.host("h1");
        FlowCompiler compiler = FlowCompiler.ovsHosts();
        CompiledNetwork compiled = compiler.compile(network(host));
        SwitchProgrammer programmer = new SwitchProgrammer(desired(compiled));
        OfConnection connection = connect(host);
        programmer.reconcile(connection).get(5, TimeUnit.SECONDS);
        Thread.sleep(1100);

        long started = System.nanoTime();
        var added = compiler.update(compiled, Change.addPolicy(2, "db", "web", Protocol.UDP, PortRange.single(53)));
        var delta = added.deltas().get(HostId.of("h1"));
        programmer.apply(connection, delta, added.compiled().tablesOf(HostId.of("h1"))).get(5, TimeUnit.SECONDS);
        double addMillis = (System.nanoTime() - started) / 1e6;
        assertThat(dump(host)).containsExactlyInAnyOrderElementsOf(texts(desired(added.compiled())));

        started = System.nanoTime();
        var removed = compiler.update(added.compiled(), Change.removePolicy(2));
        programmer.apply(connection, removed.deltas().get(HostId.of("h1")),
                removed.compiled().tablesOf(HostId.of("h1"))).get(5, TimeUnit.SECONDS);
        double removeMillis = (System.nanoTime() - started) / 1e6;
        assertThat(dump(host)).containsExactlyInAnyOrderElementsOf(texts(desired(compiled)));

        long young = DURATION.matcher(host.ofctl("dump-flows", "br-int")).results()
                .filter(m -> Double.parseDouble(m.group(1)) < 1.0).count();
        assertThat(young).as("only the delta touched the switch").isZero();
        System.out.printf("policy change -> barrier: add %.1f ms (%d mods), remove %.1f ms%n", addMillis,
                delta.mods().size(), removeMillis);
        assertThat(addMillis).isLessThan(1000);
        assertThat(removeMillis).isLessThan(1000);
    }

    @Test
    void aRefusedFlowDiscardsTheWholeBundleAndIsNamedInTheError() throws Exception {
        LabHost host = lab.host("h1");
        List<FlowEntry> valid = desiredFlows(host);
        FlowEntry refused = io.appnet.compiler.flow.FlowText.parse(
                "cookie=0xa000000000000099, table=60, priority=5 actions=ct(table=61,zone=NXM_NX_REG4[0..15])"); // ct needs an ip match: only the switch knows
        List<FlowEntry> desired = new java.util.ArrayList<>(valid);
        desired.add(refused);
        OfConnection connection = connect(host);

        var outcome = new SwitchProgrammer(desired).reconcile(connection);
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> outcome.get(5, TimeUnit.SECONDS));

        assertThat(failure).isNotNull();
        assertThat(SwitchProgrammer.describe(failure.getCause())).contains("ct(table=61");
        assertThat(dump(host)).as("bundle discarded: nothing installed").isEmpty();
    }

    @Test
    void aRefusedLoneFlowModFailsTheChangeAndChangesNothing() throws Exception {
        LabHost host = lab.host("h1");
        List<FlowEntry> installed = desiredFlows(host);
        DatapathTables tables = FlowCompiler.ovsHosts().compile(network(host)).tablesOf(HostId.of("h1"));
        SwitchProgrammer programmer = new SwitchProgrammer(installed);
        OfConnection connection = connect(host);
        programmer.reconcile(connection).get(5, TimeUnit.SECONDS);
        FlowEntry refused = io.appnet.compiler.flow.FlowText.parse(
                "cookie=0xa000000000000099, table=60, priority=5 actions=ct(table=61,zone=NXM_NX_REG4[0..15])"); // ct needs an ip match

        var outcome = programmer.apply(connection, oneAdd(refused, installed.size()), tables);
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> outcome.get(5, TimeUnit.SECONDS));

        assertThat(failure).isNotNull();
        assertThat(SwitchProgrammer.describe(failure.getCause())).contains("for ADD", "ct(table=61");
        assertThat(dump(host)).as("nothing changed").containsExactlyInAnyOrderElementsOf(texts(installed));

        FlowEntry accepted = io.appnet.compiler.flow.FlowText.parse(
                "cookie=0xa000000000000099, table=60, priority=5,ip actions=ct(table=61,zone=NXM_NX_REG4[0..15])");
        programmer.apply(connection, oneAdd(accepted, installed.size()), tables).get(5, TimeUnit.SECONDS);
        assertThat(dump(host)).as("with its ip match, installed by the barrier's reply")
                .contains(accepted.toString()).hasSize(installed.size() + 1);
    }

    private static DatapathDelta oneAdd(FlowEntry flow, int flowsBefore) {
        return new DatapathDelta(HostId.of("h1"), List.of(FlowMod.add(flow)), flowsBefore, flowsBefore + 1);
    }

    private static OfConnection connect(LabHost host) throws InterruptedException {
        host.vsctl("set-controller", "br-int", "tcp:" + lab.controllerAddress() + ":" + manager.localAddress().getPort());
        OfConnection connection = UP.poll(10, TimeUnit.SECONDS);
        assertThat(connection).as("br-int connected").isNotNull();
        return connection;
    }

    private static List<String> texts(List<FlowEntry> flows) {
        return flows.stream().map(FlowEntry::toString).toList();
    }

    private static List<FlowEntry> desired(CompiledNetwork compiled) {
        return compiled.tablesOf(HostId.of("h1")).sortedFlows();
    }

    private static Network network(LabHost host) {
        return Network.empty().apply(Change.registerApp("web")).apply(Change.registerApp("db"))
                .apply(Change.putHost(Host.of("h1", host.underlayIp(), "10.255.1.0/24", 1)))
                .apply(Change.addInstance("web-1", "web", "h1", 2, "10.255.1.2", "02:00:0a:ff:01:02"))
                .apply(Change.addInstance("db-1", "db", "h1", 3, "10.255.1.3", "02:00:0a:ff:01:03"))
                .apply(Change.addPolicy(1, "web", "db", Protocol.TCP, PortRange.of(5432, 5440)));
    }

    /** The compiled tables of a 1-host network, minus the flows the codec cannot encode yet (see report). */
    private static List<FlowEntry> desiredFlows(LabHost host) {
        return desired(FlowCompiler.ovsHosts().compile(network(host)));
    }

    private static String strictSpec(FlowEntry flow) {
        String match = flow.key().priorityAndMatch();
        return "cookie=" + flow.cookie() + "/-1,table=" + flow.table() + ","
                + (flow.priority() == 32768 ? "priority=32768," : "") + match;
    }

    private static List<String> dump(LabHost host) {
        return FlowText.normalizeDump(host.ofctl("dump-flows", "br-int")).stream()
                .map(line -> line.replace(" reset_counts", "").replace(", table=0, ", ", "))
                .collect(Collectors.toList()); // OpenFlow 1.3 dumps print table=0, the IR text leaves it out
    }

    private static double minimumDuration(LabHost host) {
        Matcher matcher = DURATION.matcher(host.ofctl("dump-flows", "br-int"));
        double minimum = Double.MAX_VALUE;
        while (matcher.find()) {
            minimum = Math.min(minimum, Double.parseDouble(matcher.group(1)));
        }
        return minimum;
    }
}
