package io.appnet.controller.bench;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.DatapathDelta;
import io.appnet.compiler.DatapathTables;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.Update;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.PolicyId;
import io.appnet.controller.Controller;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.policy.PolicyFilter;
import io.appnet.controller.policy.PolicyRecord;
import io.appnet.controller.policy.PolicySpec;
import io.appnet.controller.programmer.SwitchProgrammer;
import io.appnet.controller.programmer.SwitchSync;
import io.appnet.controller.store.SqliteStore;
import io.appnet.controller.store.StoreCommitBenchmark;
import io.appnet.controller.store.StoreWrite;
import io.appnet.controller.store.StoredPolicy;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.BundleFlag;
import io.appnet.openflow.message.OfMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Where one policy change's time goes, each part measured alone over as many alternating adds and deletes as
 * the end-to-end run, with the same policies loaded:
 * <ul>
 *   <li>compile: {@code FlowCompiler.updateAll} on the controller's compiled network, of exactly the changes the
 *       network model compiles ({@code NetworkModel.toCompile}: a registration only for an app without an ID, so
 *       none here, where every app has one; pure, changes nothing);
 *   <li>store commit: a SQLite store of its own (same code, same disk) holding the same
 *       apps and policies, one policy row added or removed per commit;
 *   <li>switch: the compiled deltas sent to the affected switches by a {@code SwitchProgrammer} of the bench's own
 *       over the controller's connections (translation, bundle, Open vSwitch installing the flows, barrier);
 *   <li>bundle round trips: an empty ONF bundle to a switch over the controller's own connection, exactly the
 *       exchanges {@code SwitchProgrammer.send} makes besides the flow-mods (open and a barrier, then commit and a
 *       barrier, each pair waited for).
 * </ul>
 * What the end-to-end time has beyond compile + commit + switch is the rest: the policy and network services,
 * the per-switch queue, thread hand-offs and waiting for the CPU.
 */
final class ControllerChangeCost {
    private static final Set<BundleFlag> FLAGS = Set.of(BundleFlag.ATOMIC, BundleFlag.ORDERED);
    /** Far above the controller's own policy and bundle ids, which count from 1 (both are 32-bit). */
    private static final long FIRST_ID = 0xF000_0000L;
    private static final long FIRST_BUNDLE = 0xF000_0000L;

    private ControllerChangeCost() {
    }

    /** Compile times in ms of {@code changes} changes: add policy i, then delete it, alternately. */
    static List<Double> compile(Controller controller, IntFunction<PolicySpec> policy, int changes) {
        return compile(controller.model().compiled(), policy, changes);
    }

    /** As {@link #compile(Controller, IntFunction, int)}, on any compiled network (no controller needed). */
    static List<Double> compile(CompiledNetwork loaded, IntFunction<PolicySpec> policy, int changes) {
        FlowCompiler compiler = FlowCompiler.ovsHosts();
        List<Double> millis = new ArrayList<>(changes);
        for (int i = 0; i < changes / 2; i++) {
            PolicySpec spec = policy.apply(i);
            PolicyId id = PolicyId.of(FIRST_ID + i);
            List<Change> add = adding(loaded, id, spec);
            long started = System.nanoTime();
            Update added = compiler.updateAll(loaded, add);
            millis.add((System.nanoTime() - started) / 1e6);
            List<Change> remove = NetworkModel.toCompile(added.compiled().network(), List.of(new Change.RemovePolicy(id)));
            started = System.nanoTime();
            compiler.updateAll(added.compiled(), remove);
            millis.add((System.nanoTime() - started) / 1e6);
        }
        return millis;
    }

    /**
     * The changes the controller compiles to add the policy: {@code PolicyService.create}'s {@code AddPolicy},
     * with registrations only for apps without an ID, as {@code NetworkModel.apply} adds them.
     */
    static List<Change> adding(CompiledNetwork loaded, PolicyId id, PolicySpec spec) {
        return NetworkModel.toCompile(loaded.network(), List.of(new Change.AddPolicy(id, spec.sourceGuid(),
                spec.destinationGuid(), spec.protocol(), spec.ports())));
    }

    /** Commit times in ms of {@code changes} one-row commits into a private store loaded like the controller's. */
    static List<Double> storeCommit(Controller controller, IntFunction<PolicySpec> policy, int changes) {
        Path directory;
        try {
            directory = Files.createTempDirectory("appnet-bench-store");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (SqliteStore store = SqliteStore.open(directory)) {
            Map<String, Integer> apps = new HashMap<>();
            controller.model().network().apps().forEach((guid, id) -> apps.put(guid, id.value()));
            List<StoredPolicy> rows = new ArrayList<>();
            for (PolicyRecord loaded : controller.policies().list(PolicyFilter.all())) {
                rows.add(row(loaded.id().value(), loaded.spec()));
            }
            store.commit(StoreWrite.none().withApps(apps).addingPolicies(rows));
            return StoreCommitBenchmark.addAndRemove(store, changes, i -> row(FIRST_ID + i, policy.apply(i)));
        } finally {
            delete(directory);
        }
    }

    /**
     * Times in ms of {@code changes} deltas sent straight to the affected switches, each through a
     * {@link SwitchProgrammer} of its own over the controller's connection: the compiled delta of adding policy i,
     * then of deleting it again, alternately (translation, bundle, Open vSwitch installing the flows, barrier).
     */
    static List<Double> switchApply(Controller controller, IntFunction<PolicySpec> policy, int changes) {
        FlowCompiler compiler = FlowCompiler.ovsHosts();
        CompiledNetwork loaded = controller.model().compiled();
        List<Double> millis = new ArrayList<>(changes);
        for (int i = 0; i < changes / 2; i++) {
            PolicySpec spec = policy.apply(i);
            PolicyId id = PolicyId.of(FIRST_ID + i);
            Update added = compiler.updateAll(loaded, adding(loaded, id, spec));
            Update removed = compiler.updateAll(added.compiled(),
                    NetworkModel.toCompile(added.compiled().network(), List.of(new Change.RemovePolicy(id))));
            millis.add(send(controller, added));
            millis.add(send(controller, removed));
        }
        return millis;
    }

    private static double send(Controller controller, Update update) {
        long started = System.nanoTime();
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (Map.Entry<HostId, DatapathDelta> delta : update.deltas().entrySet()) {
            DatapathTables tables = update.compiled().tablesOf(delta.getKey());
            OfConnection connection = controller.programmer().sync(delta.getKey())
                    .flatMap(SwitchSync::connection).orElseThrow();
            sent.add(new SwitchProgrammer(tables).apply(connection, delta.getValue(), tables));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        return (System.nanoTime() - started) / 1e6;
    }

    /** Times in ms of {@code changes} empty bundles (open + barrier, commit + barrier) to the switch. */
    static List<Double> bundleRoundTrips(OfConnection connection, int changes) {
        List<Double> millis = new ArrayList<>(changes);
        for (int i = 0; i < changes; i++) {
            long bundle = FIRST_BUNDLE + i;
            long started = System.nanoTime();
            CompletableFuture<OfMessage> opened =
                    connection.request(BundleControl.open(connection.nextXid(), bundle, FLAGS));
            connection.barrier().join();
            opened.join();
            CompletableFuture<OfMessage> committed =
                    connection.request(BundleControl.commit(connection.nextXid(), bundle, FLAGS));
            connection.barrier().join();
            committed.join();
            millis.add((System.nanoTime() - started) / 1e6);
        }
        return millis;
    }

    /** Times in ms of {@code changes} barriers to the switch, each waited for: one bare round trip. */
    static List<Double> barrierRoundTrips(OfConnection connection, int changes) {
        List<Double> millis = new ArrayList<>(changes);
        for (int i = 0; i < changes; i++) {
            long started = System.nanoTime();
            connection.barrier().join();
            millis.add((System.nanoTime() - started) / 1e6);
        }
        return millis;
    }

    private static StoredPolicy row(long id, PolicySpec spec) {
        return new StoredPolicy(id, spec.sourceGuid(), spec.destinationGuid(), spec.protocol().toString(),
                spec.ports().start(), spec.ports().end());
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
