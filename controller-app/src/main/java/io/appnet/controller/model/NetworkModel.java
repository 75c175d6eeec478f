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
import java.util.Queue;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The network model: the one copy of the compiled network and of the host subnet leases, and the one way to
 * change them. Every change, from OVSDB or from a policy front end, is compiled, committed to the store
 * together with the app IDs it allocates (one transaction), and only then handed to the programmer, all under
 * this object's lock: an acknowledged change survives a crash, a change the store refuses never reaches a
 * switch, and every switch gets its deltas in the order of the changes. Changes that arrive together are applied
 * together, each still whole (see {@link #apply(Function)}).
 */
public final class NetworkModel {

    private final FlowCompiler compiler;
    private final ControllerStore store;
    private final NetworkProgrammer programmer;
    private final ReentrantLock lock = new ReentrantLock();
    private CompiledNetwork compiled; // guarded by lock
    private SubnetPool leases; // guarded by lock
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Queue<Pending> waiting = new ConcurrentLinkedQueue<>();

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

    public CompiledNetwork compiled() {
        lock.lock();
        try {
            return compiled;
        } finally {
            unlock();
        }
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
        Proposal proposal = Proposal.of(changes, write);
        return apply(network -> proposal);
    }

    /**
     * As {@link #apply(List, StoreWrite)}, with rows that depend on the outcome (a destination's pseudo app ID):
     * {@code rows} is given the network the changes lead to, under the lock, before anything is committed.
     */
    public CompletableFuture<Void> apply(List<? extends Change> changes, Function<Network, StoreWrite> rows) {
        Proposal proposal = new Proposal(List.copyOf(changes), rows);
        return apply(network -> proposal);
    }

    /**
     * As {@link #apply(List, Function)}, for what {@code request} proposes on the network as it stands when its turn
     * comes: it runs under the model's lock, so nothing changes between what it reads and its changes being applied
     * (a check such as a quota is atomic with them); it refuses by throwing, which this rethrows.
     * <p>
     * Requests that come while others are applied wait and are then applied together by one thread (a group
     * commit): compiled one after the other, each on the network the ones before it leave, committed to the store
     * in one transaction, and sent as one delta per switch (one bundle instead of one per request). Each is still
     * all or nothing on its own: one the model refuses is left out; if the store refuses the transaction, the
     * requests are applied one by one, so only a write the store refuses by itself is refused. No request returns
     * before its write is committed.
     */
    public CompletableFuture<Void> apply(Function<Network, Proposal> request) {
        Pending pending = new Pending(request);
        waiting.add(pending);
        applyWaiting();
        return pending.outcome();
    }

    /**
     * Applies the waiting requests if no other thread holds the lock. Every thread that releases the lock calls
     * this ({@link #unlock}), so a request queued while the lock was held is applied by the holder or a later
     * thread; each thread that waits for its outcome is woken once, when it is decided. The listeners are told once
     * per group, by the thread that applied it.
     */
    private void applyWaiting() {
        boolean changed = false;
        while (!waiting.isEmpty() && !lock.isHeldByCurrentThread() && lock.tryLock()) {
            try {
                changed |= applyQueued();
            } finally {
                lock.unlock();
            }
        }
        if (changed) {
            listeners.forEach(Runnable::run);
        }
    }

    /** Releases the lock, then applies what was queued while it was held. */
    private void unlock() {
        lock.unlock();
        applyWaiting();
    }

    /** Under the lock: applies every request waiting; true if any changed the network. */
    private boolean applyQueued() {
        List<Pending> batch = new ArrayList<>();
        for (Pending next = waiting.poll(); next != null; next = waiting.poll()) {
            batch.add(next);
        }
        try {
            return !batch.isEmpty() && applyTogether(batch);
        } catch (RuntimeException unexpected) { // a bug: each request undecided gets it, as its caller did before
            batch.stream().filter(pending -> pending.programmed == null && pending.refusal == null)
                    .forEach(pending -> pending.refusal = unexpected);
            return false;
        } finally {
            batch.forEach(Pending::decided);
        }
    }

    /** Under the lock. Compiles, commits and sends the batch as described at {@link #apply(Function)}. */
    private boolean applyTogether(List<Pending> batch) {
        Update together = new Update(compiled, Map.of());
        List<StoreWrite> writes = new ArrayList<>();
        List<Pending> accepted = new ArrayList<>();
        for (Pending pending : batch) {
            try {
                Update update = stage(pending.request, together.compiled(), writes);
                together = together.then(update);
                accepted.add(pending);
            } catch (RuntimeException refused) {
                pending.refusal = refused;
            }
        }
        if (accepted.isEmpty()) {
            return false;
        }
        try {
            if (!writes.isEmpty()) {
                store.commitAll(writes);
            }
        } catch (RuntimeException refused) {
            if (accepted.size() == 1) {
                accepted.get(0).refusal = refused;
                return false;
            }
            boolean changed = false;
            for (Pending pending : accepted) {
                changed |= applyTogether(List.of(pending));
            }
            return changed;
        }
        compiled = together.compiled();
        CompletableFuture<Void> programmed = programmer.program(together);
        accepted.forEach(pending -> pending.programmed = programmed);
        return true;
    }

    /**
     * Compiles what {@code request} proposes on {@code before} (registering every app it names that has no ID yet)
     * and adds its rows, with the new app IDs and egress addresses, to {@code writes}; throws if refused.
     */
    private Update stage(Function<Network, Proposal> request, CompiledNetwork before, List<StoreWrite> writes) {
        Proposal proposal = request.apply(before.network());
        List<Change> all = toCompile(before.network(), proposal.changes());
        Update update = compiler.updateAll(before, all);
        Map<String, Integer> allocated = new LinkedHashMap<>();
        for (Change registration : all.subList(0, all.size() - proposal.changes().size())) {
            String guid = ((Change.RegisterApp) registration).guid();
            allocated.put(guid, update.compiled().network().appId(guid).orElseThrow().value());
        }
        StoreWrite write = proposal.rows().apply(update.compiled().network());
        StoreWrite complete = StoredNetwork.withAddressChanges(write.withApps(allocated), before.network(),
                update.compiled().network());
        if (!complete.isEmpty()) {
            writes.add(complete);
        }
        return update;
    }

    /** A request waiting for its turn, and what became of it: written under the lock, read once decided. */
    private static final class Pending {
        final Function<Network, Proposal> request;
        private final CountDownLatch decision = new CountDownLatch(1);
        RuntimeException refusal;
        CompletableFuture<Void> programmed;

        Pending(Function<Network, Proposal> request) {
            this.request = request;
        }

        void decided() {
            decision.countDown();
        }

        /** Waits until the request is applied or refused; rethrows its refusal. */
        CompletableFuture<Void> outcome() {
            boolean interrupted = false;
            while (true) {
                try {
                    decision.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the outcome is decided by another thread anyway: wait for it
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (refusal != null) {
                throw refusal;
            }
            return programmed;
        }
    }

    /**
     * The host's overlay subnet: the one it holds, else a new lease, committed to the store before it is
     * returned, so the same host gets the same subnet after a restart.
     */
    public SubnetPool.Leased lease(String hostId) {
        lock.lock();
        try {
            SubnetPool.Leased leased = leases.lease(hostId);
            if (leased.isNew()) {
                store.commit(StoreWrite.none().withLease(hostId, leased.subnet().toString()));
            }
            leases = leased.pool();
            return leased;
        } finally {
            unlock();
        }
    }

    /**
     * Forgets a host: applies {@code changes} (its instances' and its own removal), releases its lease and unbinds
     * its switch, with the lease's release committed in the same transaction; its subnet is free for the next
     * host. Throws like {@link #apply} and changes nothing if refused.
     */
    public CompletableFuture<Void> release(String hostId, List<? extends Change> changes) {
        CompletableFuture<Void> programmed;
        lock.lock();
        try {
            Update update = compiler.updateAll(compiled, List.copyOf(changes));
            store.commit(StoreWrite.none().releasingLeases(Set.of(hostId)));
            compiled = update.compiled();
            leases = leases.release(hostId);
            programmer.unbind(HostId.of(hostId));
            programmed = programmer.program(update);
        } finally {
            unlock();
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
    public SortedMap<String, Ipv4Prefix> leases() {
        lock.lock();
        try {
            return leases.leases();
        } finally {
            unlock();
        }
    }

    /**
     * Says which switch runs the host's tables (the host must be in the model) and reconciles it if it is
     * connected and reconciles are not held. Bound under the lock, so no delta falls between the tables the
     * switch starts from and the next change; reconciled outside it, so a big switch holds up no change.
     */
    public CompletableFuture<FlowDiff> bind(HostId host, long datapathId) {
        lock.lock();
        try {
            programmer.bind(host, datapathId, compiled.tablesOf(host));
        } finally {
            unlock();
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
