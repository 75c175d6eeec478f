package io.appnet.controller.model;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.Update;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.compiler.model.Network;
import io.appnet.controller.programmer.FlowDiff;
import io.appnet.controller.programmer.NetworkProgrammer;
import io.appnet.controller.store.ControllerStore;
import io.appnet.controller.store.StoreWrite;
import io.appnet.controller.store.StoredState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The network model: the one copy of the compiled network and of the host subnet leases, and the one way to
 * change them. Every change, from OVSDB or from a policy front end, is compiled, committed to the store
 * together with the app IDs it allocates (one transaction), and only then handed to the programmer, all under
 * this object's lock: an acknowledged change survives a crash, a change the store refuses never reaches a
 * switch, and every switch gets its deltas in the order of the changes.
 */
public final class NetworkModel {

    private final FlowCompiler compiler;
    private final ControllerStore store;
    private final NetworkProgrammer programmer;
    private CompiledNetwork compiled; // guarded by this
    private SubnetPool leases; // guarded by this
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public NetworkModel(FlowCompiler compiler, Network network, SubnetPool leases, ControllerStore store,
                        NetworkProgrammer programmer) {
        this.compiler = compiler;
        this.compiled = compiler.compile(network);
        this.leases = leases;
        this.store = store;
        this.programmer = programmer;
    }

    /** The network a restarted controller starts from, without egress settings (see the two-argument form). */
    public static Network restore(StoredState state) {
        return restore(state, EgressSettings.none());
    }

    /**
     * The network a restarted controller starts from: the egress settings first (destinations are checked against
     * the overlay), every app under its stored ID, groups, every stored policy of each kind, destinations under
     * their stored pseudo app IDs, and the per-app egress addresses the apps held (see {@link StoredNetwork}).
     */
    public static Network restore(StoredState state, EgressSettings egress) {
        return StoredNetwork.restore(state, egress);
    }

    /**
     * Told after every change of the network ({@link #apply}, {@link #release}), outside the model's lock, on the
     * thread that made it: a listener hands the work to its own thread and returns.
     */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public synchronized CompiledNetwork compiled() {
        return compiled;
    }

    public Network network() {
        return compiled().network();
    }

    /**
     * Applies the changes as one (registering every app they name that has no ID yet) and commits {@code write}
     * with the new app IDs; throws {@link io.appnet.compiler.model.ModelException} or
     * {@link io.appnet.controller.store.StoreException} and changes nothing if either refuses. The future
     * completes when every affected switch that is in sync has acknowledged its delta with a barrier.
     */
    public CompletableFuture<Void> apply(List<? extends Change> changes, StoreWrite write) {
        return apply(changes, network -> write);
    }

    /**
     * As {@link #apply(List, StoreWrite)}, with rows that depend on the outcome (a destination's pseudo app ID):
     * {@code rows} is given the network the changes lead to, under the lock, before anything is committed.
     */
    public CompletableFuture<Void> apply(List<? extends Change> changes, Function<Network, StoreWrite> rows) {
        // Checked outside the lock, which is safe: an app never loses its ID.
        List<Change> all = toCompile(network(), changes);
        Set<String> named = new LinkedHashSet<>();
        for (Change registration : all.subList(0, all.size() - changes.size())) {
            named.add(((Change.RegisterApp) registration).guid());
        }
        CompletableFuture<Void> programmed;
        synchronized (this) {
            Update update = compiler.updateAll(compiled, all);
            Map<String, Integer> allocated = new LinkedHashMap<>();
            for (String guid : named) {
                if (compiled.network().appId(guid).isEmpty()) {
                    allocated.put(guid, update.compiled().network().appId(guid).orElseThrow().value());
                }
            }
            StoreWrite write = rows.apply(update.compiled().network());
            StoreWrite complete = StoredNetwork.withAddressChanges(write.withApps(allocated), compiled.network(),
                    update.compiled().network());
            if (!complete.isEmpty()) {
                store.commit(complete);
            }
            compiled = update.compiled();
            programmed = programmer.program(update);
        }
        listeners.forEach(Runnable::run);
        return programmed;
    }

    /**
     * The host's overlay subnet: the one it holds, else a new lease, committed to the store before it is
     * returned, so the same host gets the same subnet after a restart.
     */
    public synchronized SubnetPool.Leased lease(String hostId) {
        SubnetPool.Leased leased = leases.lease(hostId);
        if (leased.isNew()) {
            store.commit(StoreWrite.none().withLease(hostId, leased.subnet().toString()));
        }
        leases = leased.pool();
        return leased;
    }

    /**
     * Forgets a host: applies {@code changes} (its instances' and its own removal), releases its lease and unbinds
     * its switch, with the lease's release committed in the same transaction; its subnet is free for the next
     * host. Throws like {@link #apply} and changes nothing if refused.
     */
    public CompletableFuture<Void> release(String hostId, List<? extends Change> changes) {
        CompletableFuture<Void> programmed;
        synchronized (this) {
            Update update = compiler.updateAll(compiled, List.copyOf(changes));
            store.commit(StoreWrite.none().releasingLeases(Set.of(hostId)));
            compiled = update.compiled();
            leases = leases.release(hostId);
            programmer.unbind(HostId.of(hostId));
            programmed = programmer.program(update);
        }
        listeners.forEach(Runnable::run);
        return programmed;
    }

    /**
     * Commits rows that change nothing in the compiled network (a host's last known topology, written after the
     * change that it records was applied); throws {@link io.appnet.controller.store.StoreException} if refused.
     * Not under the lock: the store's commit is atomic by itself, and no change waits for this one.
     */
    public void remember(StoreWrite write) {
        store.commit(write);
    }

    /** Every lease, by host id. */
    public synchronized SortedMap<String, Ipv4Prefix> leases() {
        return leases.leases();
    }

    /**
     * Says which switch runs the host's tables (the host must be in the model) and reconciles it if it is
     * connected and reconciles are not held. Bound under the lock, so no delta falls between the tables the
     * switch starts from and the next change; reconciled outside it, so a big switch holds up no change.
     */
    public CompletableFuture<FlowDiff> bind(HostId host, long datapathId) {
        synchronized (this) {
            programmer.bind(host, datapathId, compiled.tablesOf(host));
        }
        return programmer.reconcileBound(host);
    }

    /**
     * What {@link #apply} compiles for {@code changes} on {@code network}: a registration first for each app they
     * name that has no ID yet, then the changes. Only those apps: a registration that changes nothing would still
     * turn a one-change update into a batch, whose deltas diff every affected host's whole table (35 ms at 100k
     * flows instead of 1.5). Public so that a benchmark can time exactly the compile the model runs.
     */
    public static List<Change> toCompile(Network network, List<? extends Change> changes) {
        Set<String> named = namedApps(changes);
        named.removeIf(guid -> network.appId(guid).isPresent());
        List<Change> all = new ArrayList<>(named.size() + changes.size());
        named.forEach(guid -> all.add(Change.registerApp(guid)));
        all.addAll(changes);
        return all;
    }

    private static Set<String> namedApps(List<? extends Change> changes) {
        Set<String> guids = new LinkedHashSet<>();
        for (Change change : changes) {
            if (change instanceof Change.AddInstance add) {
                guids.add(add.appGuid());
            } else if (change instanceof Change.AddPolicy add) {
                guids.add(add.sourceGuid());
                guids.add(add.destinationGuid());
            } else if (change instanceof Change.PutGroup put) {
                guids.addAll(new java.util.TreeSet<>(put.memberGuids()));
            } else if (change instanceof Change.AddEgressPolicy add) {
                guids.add(add.sourceGuid());
            }
        }
        guids.remove(null);
        return guids;
    }
}
