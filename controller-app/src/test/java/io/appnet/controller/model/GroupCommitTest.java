package io.appnet.controller.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.ModelException;
import io.appnet.compiler.model.PolicyId;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import io.appnet.controller.programmer.NetworkProgrammer;
import io.appnet.controller.programmer.NoSwitches;
import io.appnet.controller.store.ControllerStore;
import io.appnet.controller.store.InMemoryStore;
import io.appnet.controller.store.StoreException;
import io.appnet.controller.store.StoreWrite;
import io.appnet.controller.store.StoredPolicy;
import io.appnet.controller.store.StoredState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests that reach the model while another is being committed wait, and are then committed together in one
 * store transaction; each is answered only once its own write is stored, and one the store or the model refuses
 * fails alone. The first request's commit is held open, so that the others queue up behind it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GroupCommitTest {
    private final NetworkProgrammer programmer = new NetworkProgrammer(new NoSwitches(), Duration.ZERO, false);
    private final HeldStore store = new HeldStore();
    private final NetworkModel model = new NetworkModel(FlowCompiler.ovsHosts(), NetworkModelTest.network(),
            SubnetPool.defaults(), store, programmer);
    /** Per request (by policy ID): whether the store held its row when the request returned, or what it threw. */
    private final Map<Long, Object> answers = new ConcurrentHashMap<>();

    @AfterEach
    void close() {
        programmer.close();
    }

    /**
     * An in-memory store whose first commit waits to be released, as does any commit of a write from app "held";
     * it refuses any write from app "bad", and runs {@code whileGroupCommits} in the first transaction of more
     * than one write.
     */
    private static final class HeldStore implements ControllerStore {
        private final InMemoryStore stored = new InMemoryStore();
        final CountDownLatch firstEntered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch heldEntered = new CountDownLatch(1);
        final CountDownLatch releaseHeld = new CountDownLatch(1);
        final List<Integer> transactions = new CopyOnWriteArrayList<>();
        volatile Runnable whileGroupCommits = () -> { };

        @Override
        public StoredState load() {
            return stored.load();
        }

        @Override
        public void commit(StoreWrite write) {
            commitAll(List.of(write));
        }

        @Override
        public void commitAll(List<StoreWrite> writes) {
            transactions.add(writes.size());
            if (firstEntered.getCount() > 0) {
                firstEntered.countDown();
                await(release);
            }
            if (writes.size() > 1) {
                Runnable once = whileGroupCommits;
                whileGroupCommits = () -> { };
                once.run();
            }
            if (fromApp(writes, "held")) {
                heldEntered.countDown();
                await(releaseHeld);
            }
            if (fromApp(writes, "bad")) {
                throw new StoreException("refused: a row from app 'bad'");
            }
            stored.commitAll(writes);
        }

        private static boolean fromApp(List<StoreWrite> writes, String guid) {
            return writes.stream().flatMap(write -> write.addedPolicies().stream())
                    .anyMatch(policy -> policy.sourceGuid().equals(guid));
        }

        @Override
        public void close() {
        }
    }

    @Test
    void requestsThatQueueAreCommittedInOneTransactionAndEachAnsweredOnlyOnceStored() throws Exception {
        List<Thread> queued = new ArrayList<>();
        Thread first = add(1, "web");
        store.firstEntered.await();
        for (long id = 2; id <= 5; id++) {
            queued.add(add(id, "web"));
        }
        awaitQueued(queued);

        store.release.countDown();
        join(first, queued);

        assertThat(store.transactions).as("the first alone, then the four that queued behind it together")
                .containsExactly(1, 4);
        assertThat(answers).as("each request's row was stored when it returned")
                .isEqualTo(Map.of(1L, true, 2L, true, 3L, true, 4L, true, 5L, true));
        assertThat(model.network().policies().policies().keys()).extracting(PolicyId::value)
                .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
    }

    /**
     * A request decided in a group needs the lock no more: it returns while the next group (here one request whose
     * commit is held) has the lock. Were a decided request to take the lock before it returns, as the model's
     * monitor once made it, those of a group would return one after the other, each behind whatever came next.
     */
    @Test
    void requestsOfACommittedGroupReturnWhileTheNextGroupHoldsTheLock() throws Exception {
        Thread first = add(1, "web");
        store.firstEntered.await();
        List<Thread> group = new ArrayList<>();
        for (long id = 2; id <= 9; id++) {
            group.add(add(id, "web"));
        }
        awaitQueued(group);
        List<Thread> next = new ArrayList<>();
        store.whileGroupCommits = () -> {
            next.add(add(10, "held"));
            awaitQueued(next);
        };

        store.release.countDown();
        store.heldEntered.await();
        for (Thread thread : group) {
            thread.join();
        }

        assertThat(store.transactions).as("the first, the eight queued behind it, then the one that came during them")
                .containsExactly(1, 8, 1);
        assertThat(answers).as("every request of the group answered, its row stored, while the next commit is held")
                .containsAllEntriesOf(Map.of(2L, true, 3L, true, 4L, true, 5L, true, 6L, true, 7L, true, 8L, true,
                        9L, true))
                .doesNotContainKey(10L);

        store.releaseHeld.countDown();
        join(first, next);
        assertThat(answers).containsEntry(1L, true).containsEntry(10L, true);
    }

    @Test
    void aWriteTheStoreRefusesFailsAloneAndTheOthersOfItsGroupAreCommitted() throws Exception {
        Thread first = add(1, "web");
        store.firstEntered.await();
        List<Thread> queued = List.of(add(2, "web"), add(3, "bad"), add(4, "web"));
        awaitQueued(queued);

        store.release.countDown();
        join(first, queued);

        assertThat(store.transactions).as("the group refused, then its requests one by one")
                .containsExactly(1, 3, 1, 1, 1);
        assertThat(answers).containsEntry(1L, true).containsEntry(2L, true).containsEntry(4L, true);
        assertThat(answers.get(3L)).isInstanceOf(StoreException.class);
        assertThat(model.network().policies().policies().keys()).extracting(PolicyId::value)
                .containsExactlyInAnyOrder(1L, 2L, 4L);
        assertThat(model.network().appId("bad")).as("no app ID for the refused request's app").isEmpty();
        assertThat(store.load().policies()).extracting(StoredPolicy::id).containsExactlyInAnyOrder(1L, 2L, 4L);
    }

    @Test
    void aChangeTheModelRefusesFailsAloneAndTheOthersOfItsGroupAreCommittedTogether() throws Exception {
        Thread first = add(1, "web");
        store.firstEntered.await();
        Thread refused = start(3, () -> model.apply(List.of(new Change.RemovePolicy(PolicyId.of(99))),
                StoreWrite.none().removingPolicies(Set.of(99L))));
        List<Thread> queued = List.of(add(2, "web"), refused, add(4, "web"));
        awaitQueued(queued);

        store.release.countDown();
        join(first, queued);

        assertThat(store.transactions).containsExactly(1, 2);
        assertThat(answers.get(3L)).isInstanceOf(ModelException.class);
        assertThat(answers).containsEntry(1L, true).containsEntry(2L, true).containsEntry(4L, true);
        assertThat(store.load().policies()).extracting(StoredPolicy::id).containsExactlyInAnyOrder(1L, 2L, 4L);
    }

    @Test
    void theSwitchesGetOneDeltaForTheGroupEqualToTheirTables() throws Exception {
        model.bind(HostId.of("h2"), 2).join();
        Thread first = add(1, "web");
        store.firstEntered.await();
        List<Thread> queued = List.of(add(2, "web"), add(3, "web"));
        awaitQueued(queued);

        store.release.countDown();
        join(first, queued);

        assertThat(programmer.sync(HostId.of("h2")).orElseThrow().programmer().desired())
                .isEqualTo(model.compiled().tablesOf(HostId.of("h2")).sortedFlows())
                .filteredOn(flow -> flow.toString().contains("reg7=0x3e"))
                .as("the flows of the three policies, to ports 1001-1003").hasSize(3);
    }

    /** A request adding policy {@code id} from {@code source} to db, tcp port 1000 + id, in a thread of its own. */
    private Thread add(long id, String source) {
        int port = 1000 + (int) id;
        return start(id, () -> model.apply(List.of(Change.addPolicy(id, source, "db", Protocol.TCP,
                PortRange.single(port))), StoreWrite.none().addingPolicies(List.of(
                new StoredPolicy(id, source, "db", "tcp", port, port)))));
    }

    private Thread start(long id, Runnable request) {
        Thread thread = new Thread(() -> {
            try {
                request.run();
                answers.put(id, store.load().policies().stream().anyMatch(policy -> policy.id() == id));
            } catch (RuntimeException refused) {
                answers.put(id, refused);
            }
        }, "request-" + id);
        thread.start();
        return thread;
    }

    /** Until each thread waits (for its request's outcome or for a lock), its request queued behind a held commit. */
    private static void awaitQueued(List<Thread> threads) {
        for (Thread thread : threads) {
            while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.BLOCKED) {
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    private static void join(Thread first, List<Thread> others) throws InterruptedException {
        first.join();
        for (Thread thread : others) {
            thread.join();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
