package io.appnet.controller.core;

import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PolicyId;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import io.appnet.controller.programmer.NetworkProgrammer;
import io.appnet.controller.store.ControllerStore;
import io.appnet.controller.store.StoreWrite;
import io.appnet.controller.store.StoredPolicy;
import io.appnet.controller.store.StoredState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The one way into the network model. Every change, from OVSDB or from a policy front end, is compiled,
 * persisted together with the app IDs it allocates (one store transaction), and only then programmed: an
 * acknowledged change survives a crash, and a change the store refuses never reaches a switch.
 */
public final class NetworkService {

    private final NetworkProgrammer programmer;
    private final ControllerStore store;

    public NetworkService(NetworkProgrammer programmer, ControllerStore store) {
        this.programmer = programmer;
        this.store = store;
    }

    /** The network a restarted controller starts from: every app under its stored ID, every stored policy. */
    public static Network restore(StoredState state) {
        List<Change> changes = new ArrayList<>();
        state.appIds().forEach((guid, id) -> changes.add(Change.restoreApp(guid, id)));
        for (StoredPolicy policy : state.policies()) {
            changes.add(new Change.AddPolicy(PolicyId.of(policy.id()), policy.sourceGuid(), policy.destinationGuid(),
                    Protocol.parse(policy.protocol()), new PortRange(policy.startPort(), policy.endPort())));
        }
        return Network.empty().applyAll(changes);
    }

    public Network network() {
        return programmer.compiled().network();
    }

    public NetworkProgrammer programmer() {
        return programmer;
    }

    public ControllerStore store() {
        return store;
    }

    /**
     * Applies the changes as one (registering every app they name that has no ID yet) and persists
     * {@code write} with the new app IDs; throws {@link io.appnet.compiler.model.ModelException} or
     * {@link io.appnet.controller.store.StoreException} and changes nothing if either refuses. The future
     * completes when the affected switches have acknowledged.
     */
    public CompletableFuture<Void> apply(List<? extends Change> changes, StoreWrite write) {
        // Only apps without an ID yet: a registration that changes nothing would still turn a one-change update
        // into a batch, whose deltas diff every affected host's whole table (35 ms at 100k flows instead of 1.5).
        // Checked outside the programmer's lock, which is safe: an app never loses its ID.
        Network current = network();
        Set<String> named = namedApps(changes);
        named.removeIf(guid -> current.appId(guid).isPresent());
        List<Change> all = new ArrayList<>(named.size() + changes.size());
        named.forEach(guid -> all.add(Change.registerApp(guid)));
        all.addAll(changes);
        return programmer.apply(all, (before, after) -> {
            Map<String, Integer> allocated = new LinkedHashMap<>();
            for (String guid : named) {
                if (before.appId(guid).isEmpty()) {
                    allocated.put(guid, after.appId(guid).orElseThrow().value());
                }
            }
            StoreWrite complete = write.withApps(allocated);
            if (!complete.isEmpty()) {
                store.commit(complete);
            }
        });
    }

    private static Set<String> namedApps(List<? extends Change> changes) {
        Set<String> guids = new LinkedHashSet<>();
        for (Change change : changes) {
            if (change instanceof Change.AddInstance add) {
                guids.add(add.appGuid());
            } else if (change instanceof Change.AddPolicy add) {
                guids.add(add.sourceGuid());
                guids.add(add.destinationGuid());
            }
        }
        guids.remove(null);
        return guids;
    }
}
