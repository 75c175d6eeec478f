package io.appnet.compiler.firewall;

import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.flow.FlowKey;
import io.appnet.compiler.model.Network;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Policy + topology + a registered firewall -> its rules in standard OpenFlow 1.3 within the device's tables
 * (see {@link Layout}), or a {@link Refusal} when they do not fit: all or nothing.
 *
 * <p>Stateless: a reply passes if it comes from a guarded address and service port (or, for ICMP and "all"
 * policies, from the guarded address at all) to an address of an app allowed to reach that service. A
 * stateless device cannot tell a reply from a packet the service sends first from that port.
 */
public final class FirewallCompiler {

    /**
     * Rules are built (and duplicates removed) only if no table's count before building is above twice its
     * size nor the total above this: beyond, the count alone refuses, as an upper bound.
     */
    static final long BUILD_LIMIT = 2_000_000;

    private FirewallCompiler() {
    }

    /** Compiles with the device's tables limited by the firewall's budget, if it has one. */
    public static FirewallResult compile(Network network, Firewall firewall, Capabilities device) {
        Capabilities capabilities = firewall.budget().map(device::within).orElse(device);
        Layout layout = new Layout(firewall, capabilities, Grants.of(network, firewall.guards()),
                new Sources(network, firewall));
        int used = Math.min(2, capabilities.tables().size());
        List<TableFeatures> tables = capabilities.tables().subList(0, used);

        Counted upperBound = new Counted(used);
        layout.emit(upperBound);
        List<TableNeed> estimate = upperBound.needs(tables, true);
        if (upperBound.total() > BUILD_LIMIT || estimate.stream().anyMatch(need -> need.needed() > 2 * need.available())) {
            return new Refusal(firewall.name(), estimate, List.of());
        }
        Built built = new Built(used);
        layout.emit(built);
        List<TableNeed> needs = built.needs(tables);
        List<Unsupported> unsupported = FitCheck.unsupported(tables, built.tables);
        if (!unsupported.isEmpty() || needs.stream().anyMatch(need -> !need.fits())) {
            return new Refusal(firewall.name(), needs, unsupported);
        }
        List<FlowEntry> flows = new ArrayList<>();
        built.tables.forEach(table -> flows.addAll(table.values()));
        return new FirewallRules(firewall, needs, flows);
    }

    /** Counts rules per table and policy without building them. */
    private static final class Counted implements Layout.Sink {
        private final List<Map<Long, Long>> byPolicy = new ArrayList<>();

        Counted(int tables) {
            for (int i = 0; i < tables; i++) {
                byPolicy.add(new HashMap<>());
            }
        }

        @Override
        public void add(int index, long policy, long count, Supplier<Stream<FlowEntry>> flows) {
            byPolicy.get(index).merge(policy, count, Long::sum);
        }

        long total() {
            return byPolicy.stream().flatMap(map -> map.values().stream()).mapToLong(Long::longValue).sum();
        }

        List<TableNeed> needs(List<TableFeatures> tables, boolean upperBound) {
            List<TableNeed> needs = new ArrayList<>();
            for (int i = 0; i < tables.size(); i++) {
                long needed = byPolicy.get(i).values().stream().mapToLong(Long::longValue).sum();
                needs.add(new TableNeed(tables.get(i).tableId(), needed, tables.get(i).maxEntries(), upperBound,
                        byPolicy.get(i)));
            }
            return needs;
        }
    }

    /** Builds the rules; a rule two policies both need is kept once, under the lower policy ID. */
    private static final class Built implements Layout.Sink {
        private final List<Map<FlowKey, FlowEntry>> tables = new ArrayList<>();

        Built(int count) {
            for (int i = 0; i < count; i++) {
                tables.add(new LinkedHashMap<>());
            }
        }

        @Override
        public void add(int index, long policy, long count, Supplier<Stream<FlowEntry>> flows) {
            Map<FlowKey, FlowEntry> table = tables.get(index);
            flows.get().forEach(flow -> table.merge(flow.key(), flow,
                    (kept, other) -> Long.compareUnsigned(other.cookie().value(), kept.cookie().value()) < 0 ? other : kept));
        }

        List<TableNeed> needs(List<TableFeatures> features) {
            Counted exact = new Counted(tables.size());
            for (int i = 0; i < tables.size(); i++) {
                for (FlowEntry flow : tables.get(i).values()) {
                    exact.add(i, flow.cookie().id(), 1, null);
                }
            }
            return exact.needs(features, false);
        }
    }
}
