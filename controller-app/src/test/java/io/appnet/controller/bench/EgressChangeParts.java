package io.appnet.controller.bench;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.DatapathDelta;
import io.appnet.compiler.DatapathTables;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.Update;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.HostId;
import io.appnet.controller.Controller;
import io.appnet.controller.model.StoredNetwork;
import io.appnet.controller.programmer.FlowTranslator;
import io.appnet.controller.programmer.SwitchProgrammer;
import io.appnet.controller.programmer.SwitchSync;
import io.appnet.controller.store.SqliteStore;
import io.appnet.controller.store.StoreWrite;
import io.appnet.controller.store.StoredEgressPolicy;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.message.BundleAdd;
import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.BundleFlag;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.OfMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Where one egress policy change's time goes, as {@link ControllerChangeCost} splits an app policy change: each part
 * measured alone, alternating a removal and an add of the same policy from the controller's loaded state.
 * <ul>
 *   <li>compile: {@code FlowCompiler.updateAll} with the changes the egress service makes (pure);
 *   <li>store commit: one egress policy row removed or added in a private SQLite store holding the same apps and
 *       destinations;
 *   <li>each switch alone: its compiled delta sent by a {@code SwitchProgrammer} of the bench's own over the
 *       controller's connection (translation, bundle, Open vSwitch installing the flows, barrier), and all the
 *       affected switches at once as the programmer does, and at once with each bundle in one round trip (what
 *       that would save; the programmer waits for the first barrier before it commits);
 *   <li>an empty bundle's round trips to each switch.
 * </ul>
 * The same parts of an app-to-app change are measured by {@link #appChange} so the two sit side by side.
 */
final class EgressChangeParts {
    private static final Set<BundleFlag> FLAGS = Set.of(BundleFlag.ATOMIC, BundleFlag.ORDERED);
    /** Far above the controller's bundle ids, which count from 1, and the empty bundles' (0xF000_0000 on). */
    private static final AtomicLong ONE_TRIP_BUNDLES = new AtomicLong(0xE000_0000L);

    private EgressChangeParts() {
    }

    /** One part's times in ms, by name, in the order measured. */
    record Parts(Map<String, List<Double>> millis, Map<String, Integer> flowMods) {
    }

    /**
     * Parts of {@code changes} alternating changes: {@code first} then {@code second}, each applied to the network
     * the other left, starting from the controller's.
     */
    static Parts measure(Controller controller, List<Change> first, List<Change> second, int changes) {
        FlowCompiler compiler = FlowCompiler.ovsHosts();
        CompiledNetwork loaded = controller.model().compiled();
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        Map<String, Integer> flowMods = new TreeMap<>();
        Update one = compiler.updateAll(loaded, first);
        Update other = compiler.updateAll(one.compiled(), second);
        for (Update update : List.of(one, other)) {
            update.deltas().forEach((host, delta) -> flowMods.merge(host + (update == one ? " first" : " second"),
                    delta.mods().size(), Integer::sum));
        }
        for (int i = 0; i < changes / 2; i++) {
            long started = System.nanoTime();
            compiler.updateAll(loaded, first);
            add(millis, "compile", started);
            started = System.nanoTime();
            compiler.updateAll(one.compiled(), second);
            add(millis, "compile", started);
        }
        for (int i = 0; i < changes / 2; i++) {
            for (Update update : List.of(one, other)) {
                for (HostId host : update.deltas().keySet()) {
                    long started = System.nanoTime();
                    send(controller, update, Set.of(host)).join();
                    add(millis, "switch " + host + " alone", started);
                }
            }
        }
        for (int i = 0; i < changes / 2; i++) {
            for (Update update : List.of(one, other)) {
                long started = System.nanoTime();
                send(controller, update, update.deltas().keySet()).join();
                add(millis, "all switches at once", started);
            }
        }
        for (int i = 0; i < changes / 2; i++) {
            for (Update update : List.of(one, other)) {
                long started = System.nanoTime();
                List<CompletableFuture<?>> sent = new ArrayList<>();
                update.deltas().forEach((host, delta) -> sent.add(oneRoundTrip(connection(controller, host), delta)));
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
                add(millis, "all at once, 1 round trip", started);
            }
        }
        for (HostId host : new java.util.TreeSet<>(one.deltas().keySet())) {
            OfConnection connection = connection(controller, host);
            millis.put("empty bundle " + host, ControllerChangeCost.bundleRoundTrips(connection, changes));
        }
        return new Parts(millis, flowMods);
    }

    /** Commit times in ms: the egress row removed, then added again, in a store loaded like the controller's. */
    static List<Double> storeCommit(Controller controller, StoredEgressPolicy row, int changes) {
        Path directory;
        try {
            directory = Files.createTempDirectory("appnet-bench-store");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (SqliteStore store = SqliteStore.open(directory)) {
            var network = controller.model().network();
            Map<String, Integer> apps = new HashMap<>();
            network.apps().forEach((guid, id) -> apps.put(guid, id.value()));
            store.commit(StoreWrite.none().withApps(apps).puttingDestinations(network.egress().destinations().values()
                    .stream().map(destination -> StoredNetwork.row(destination, "")).toList())
                    .addingEgressPolicies(List.of(row)));
            List<Double> millis = new ArrayList<>(changes);
            for (int i = 0; i < changes / 2; i++) {
                long started = System.nanoTime();
                store.commit(StoreWrite.none().removingPolicies(Set.of(row.id())));
                millis.add((System.nanoTime() - started) / 1e6);
                started = System.nanoTime();
                store.commit(StoreWrite.none().addingEgressPolicies(List.of(row)));
                millis.add((System.nanoTime() - started) / 1e6);
            }
            return millis;
        } finally {
            delete(directory);
        }
    }

    private static CompletableFuture<Void> send(Controller controller, Update update, Set<HostId> hosts) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (HostId host : hosts) {
            DatapathDelta delta = update.deltas().get(host);
            DatapathTables tables = update.compiled().tablesOf(host);
            sent.add(new SwitchProgrammer(tables).apply(connection(controller, host), delta, tables));
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    /**
     * What a bundle in one round trip would cost (not what the programmer does): open, the flow-mods, commit and a
     * barrier written together, waited for by the barrier. Open vSwitch would commit the rest of a bundle one of
     * whose flow-mods it refused, which is why the programmer waits for the first barrier before committing.
     */
    private static CompletableFuture<?> oneRoundTrip(OfConnection connection, DatapathDelta delta) {
        long bundle = ONE_TRIP_BUNDLES.incrementAndGet();
        CompletableFuture<OfMessage> opened = connection.request(BundleControl.open(connection.nextXid(), bundle, FLAGS));
        for (io.appnet.compiler.FlowMod mod : delta.mods()) {
            for (FlowMod translated : FlowTranslator.translate(mod)) {
                connection.send(BundleAdd.of(bundle, FLAGS, translated.withXid(connection.nextXid())));
            }
        }
        CompletableFuture<OfMessage> committed =
                connection.request(BundleControl.commit(connection.nextXid(), bundle, FLAGS));
        return connection.barrier().thenCombine(opened, (barrier, open) -> barrier)
                .thenCombine(committed, (barrier, commit) -> commit);
    }

    private static OfConnection connection(Controller controller, HostId host) {
        return controller.programmer().sync(host).flatMap(SwitchSync::connection).orElseThrow();
    }

    private static void add(Map<String, List<Double>> millis, String part, long started) {
        millis.computeIfAbsent(part, p -> new ArrayList<>()).add((System.nanoTime() - started) / 1e6);
    }

    static String format(String title, Parts parts, Function<List<Double>, String> summary) {
        StringBuilder text = new StringBuilder(title).append('\n');
        text.append("  flow-mods per switch: ").append(parts.flowMods()).append('\n');
        parts.millis().forEach((part, values) -> text.append(String.format("  %-28s %s%n", part,
                summary.apply(values))));
        return text.toString();
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
