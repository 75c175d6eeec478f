package io.appnet.controller.status;

import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Instance;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.Protocol;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.egress.EgressPolicyFilter;
import io.appnet.controller.egress.EgressService;
import io.appnet.controller.policy.PolicyFilter;
import io.appnet.controller.policy.PolicyService;
import io.appnet.controller.programmer.FlowDiff;
import io.appnet.controller.programmer.FlowTranslator;
import io.appnet.controller.programmer.NetworkProgrammer;
import io.appnet.controller.programmer.SwitchSync;
import io.appnet.controller.programmer.SyncMarker;
import io.appnet.controller.stats.CounterCollector;
import io.appnet.controller.switches.SwitchService;
import io.appnet.controller.topology.HostStatus;
import io.appnet.controller.topology.TopologyService;
import io.appnet.controller.trace.PolicyTracer;
import io.appnet.controller.trace.TraceReport;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModCommand;
import io.appnet.openflow.message.FlowSelection;
import io.appnet.openflow.message.FlowStats;
import io.appnet.openflow.message.FlowStatsReply;
import io.appnet.openflow.message.FlowStatsRequest;
import io.appnet.openflow.text.FlowText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The read side: what operators ask about hosts, switches, apps, instances, counters, a switch's flows and a
 * hypothetical packet, answered once for every front end. REST and the shell only format these answers.
 */
public final class StatusService {

    private final NetworkModel model;
    private final PolicyService policies;
    private final EgressService egress;
    private final TopologyService topology;
    private final NetworkProgrammer programmer;
    private final SwitchService switches;
    private final AppIdDirectory appIds;

    public StatusService(NetworkModel model, PolicyService policies, EgressService egress, TopologyService topology,
                         NetworkProgrammer programmer, SwitchService switches) {
        this.model = model;
        this.policies = policies;
        this.egress = egress;
        this.topology = topology;
        this.programmer = programmer;
        this.switches = switches;
        this.appIds = new AppIdDirectory(model::network, egress::addresses);
    }

    /** App GUID <-> app ID <-> VNI (and per-app NAT address), with an ETag and a long poll. */
    public AppIdDirectory appIds() {
        return appIds;
    }

    /** Every host seen since the start, by host id, with its switch's sync state. */
    public List<HostView> hosts() {
        List<HostView> views = new ArrayList<>();
        for (HostStatus host : topology.hosts().values()) {
            views.add(new HostView(host, programmer.sync(HostId.of(host.hostId())).map(SwitchSync::state)));
        }
        return views;
    }

    /** Every connected switch, by datapath id, with the host it serves and how its tables stand. */
    public List<SwitchView> switches() {
        Map<Long, String> hostOf = new TreeMap<>();
        topology.hosts().values().forEach(host -> host.datapathId().ifPresent(id -> hostOf.put(id, host.hostId())));
        List<SwitchView> views = new ArrayList<>();
        new TreeMap<>(switches.connections()).forEach((datapath, connection) -> {
            Optional<String> host = Optional.ofNullable(hostOf.get(datapath));
            Optional<SwitchSync> sync = host.flatMap(id -> programmer.sync(HostId.of(id)));
            views.add(new SwitchView(datapath, String.valueOf(connection.remoteAddress()), host,
                    sync.map(SwitchSync::state), sync.map(SwitchSync::lastReconcile), sync.map(SwitchSync::lastError)));
        });
        return views;
    }

    /** Every app with an app ID, by GUID, with its instances. */
    public List<AppView> apps() {
        Map<Integer, List<InstanceView>> byApp = new TreeMap<>();
        instances().forEach(instance -> byApp.computeIfAbsent(instance.appId(), id -> new ArrayList<>()).add(instance));
        List<AppView> views = new ArrayList<>();
        new TreeMap<>(model.network().apps().asMap()).forEach((guid, id) ->
                views.add(new AppView(guid, id.value(), byApp.getOrDefault(id.value(), List.of()))));
        return views;
    }

    /** Every instance in the compiled model, by instance id. */
    public List<InstanceView> instances() {
        Network network = model.network();
        Map<String, Instance> byId = new TreeMap<>();
        network.topology().instances().forEach((id, instance) -> byId.put(id.toString(), instance));
        List<InstanceView> views = new ArrayList<>();
        for (Instance instance : byId.values()) {
            views.add(new InstanceView(instance.id().toString(), network.appGuid(instance.app()).orElse(null),
                    instance.app().value(), instance.host().toString(), instance.port(), instance.ip().toString(),
                    instance.mac().toString()));
        }
        return views;
    }

    /** Every connected switch's flow counters, summed; a switch that does not answer in time is named instead. */
    public CounterReport counters(Duration timeout) {
        CounterCollector.Collected collected = CounterCollector.collect(switches.connections().values(),
                timeout.toMillis());
        return new CounterReport(policies.list(PolicyFilter.all()), egress.egressPolicies(EgressPolicyFilter.all()),
                collected.counters(), collected.switchesAsked(), collected.missing());
    }

    /**
     * The flows the host's switch really holds (but its {@link SyncMarker}), each marked against the compiled
     * tables, then the desired flows it lacks. Throws {@link IllegalArgumentException} when no switch is bound to the host and
     * {@link IllegalStateException} when it is not connected.
     */
    public FlowReport flows(String host, Duration timeout) throws InterruptedException, ExecutionException,
            TimeoutException {
        SwitchSync sync = programmer.connected(HostId.of(host));
        OfConnection connection = sync.connection().orElseThrow(
                () -> new IllegalStateException("the switch of host " + host + " went away"));
        List<FlowStats> actual = ((FlowStatsReply) connection.multipart(new FlowStatsRequest(FlowSelection.all()))
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)).flows().stream()
                .filter(flow -> !SyncMarker.is(flow.cookie())).toList(); // bookkeeping, not a flow of the tables
        List<FlowMod> desired = new ArrayList<>();
        for (FlowEntry flow : sync.programmer().desired()) {
            desired.add(FlowTranslator.add(flow));
        }
        FlowDiff diff = FlowDiff.between(desired, actual);
        Set<String> stale = new HashSet<>();
        Set<String> changed = new HashSet<>();
        List<FlowReport.Line> missing = new ArrayList<>();
        for (FlowMod mod : diff.mods()) {
            String key = key(mod.tableId(), mod.priority(), mod.match().toOvsText());
            if (mod.command() == FlowModCommand.DELETE_STRICT) {
                stale.add(key);
            } else if (mod.command() == FlowModCommand.MODIFY_STRICT) {
                changed.add(key);
            } else {
                missing.add(new FlowReport.Line(FlowReport.Mark.MISSING, FlowText.of(mod)));
            }
        }
        List<FlowReport.Line> lines = new ArrayList<>();
        for (FlowStats flow : actual) {
            String key = key(flow.tableId(), flow.priority(), flow.match().toOvsText());
            FlowReport.Mark mark = !FlowDiff.ours(flow.cookie()) ? FlowReport.Mark.FOREIGN
                    : stale.contains(key) ? FlowReport.Mark.STALE
                    : changed.contains(key) ? FlowReport.Mark.CHANGED : FlowReport.Mark.DESIRED;
            lines.add(new FlowReport.Line(mark, FlowText.of(flow)));
        }
        lines.addAll(missing);
        return new FlowReport(lines, actual.size(), diff.summary());
    }

    /** The compiled tables' verdict for a hypothetical packet from the app (see {@link PolicyTracer}). */
    public TraceReport trace(String sourceGuid, Ipv4Address destination, Protocol protocol, int port) {
        return PolicyTracer.trace(model.compiled(), sourceGuid, destination, protocol, port);
    }

    private static String key(int table, int priority, String match) {
        return table + "/" + priority + "/" + match;
    }
}
