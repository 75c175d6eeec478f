package io.appnet.controller.firewall;

import io.appnet.compiler.firewall.Capabilities;
import io.appnet.compiler.firewall.Firewall;
import io.appnet.compiler.firewall.FirewallCompiler;
import io.appnet.compiler.firewall.FirewallResult;
import io.appnet.compiler.firewall.TableFeatures;
import io.appnet.compiler.firewall.Guard;
import io.appnet.compiler.firewall.Identity;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Network;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.programmer.ReservedDatapaths;
import io.appnet.controller.store.StoreWrite;
import io.appnet.controller.store.StoredState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hardware firewall registrations (issue 10): the one place REST and the shell register, replace, delete and list
 * them. A registration is checked (the compiler's {@link Firewall} checks its fields; this its neighbours: a
 * datapath ID is one firewall's and no host's, a guarded destination exists, GUIDs follow the GUID rule), committed
 * to the store through the {@link NetworkModel} (which owns the store), and then announced to the listeners (the
 * firewall switches). Firewalls change no host's tables.
 */
public final class FirewallService {
    private static final Logger LOG = LoggerFactory.getLogger(FirewallService.class);
    private static final int MAX_GUID = 128;

    /**
     * What a device that has not reported its tables yet is assumed to have: two unconstrained tables of
     * {@value #UNREAD_ENTRIES} entries (its budget, if set, limits them).
     */
    public static final long UNREAD_ENTRIES = 0xFFFF_FFFFL;

    private final NetworkModel model;
    private final FirewallDevices devices;
    private final LongFunction<Optional<HostId>> hostOfDatapath;
    private final ReservedDatapaths reserved;
    private final Map<String, Firewall> firewalls = new TreeMap<>(); // guarded by this
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** {@code hostOfDatapath}: the host whose switch a datapath ID is, if any (the programmer's bindings). */
    public FirewallService(NetworkModel model, StoredState stored, FirewallDevices devices,
                           LongFunction<Optional<HostId>> hostOfDatapath) {
        this(model, stored, devices, hostOfDatapath, new ReservedDatapaths());
    }

    /** As above; every registration's datapath ID is held in {@code reserved}, which the programmer reads. */
    public FirewallService(NetworkModel model, StoredState stored, FirewallDevices devices,
                           LongFunction<Optional<HostId>> hostOfDatapath, ReservedDatapaths reserved) {
        this.model = model;
        this.devices = devices;
        this.hostOfDatapath = hostOfDatapath;
        this.reserved = reserved;
        stored.firewalls().forEach(row -> {
            Firewall firewall = FirewallRows.firewall(row);
            firewalls.put(row.name(), firewall);
            reserved.reserve(firewall.datapathId(), firewall.name());
        });
    }

    /** Told the name of every firewall registered, replaced or deleted, after the store has it. */
    public void addListener(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Every registration, by name. */
    public synchronized List<Firewall> firewalls() {
        return List.copyOf(firewalls.values());
    }

    public synchronized Optional<Firewall> find(String name) {
        return Optional.ofNullable(firewalls.get(name));
    }

    /** The firewall registered for this datapath ID. */
    public synchronized Optional<Firewall> byDatapath(long datapathId) {
        return firewalls.values().stream().filter(firewall -> firewall.datapathId() == datapathId).findFirst();
    }

    /** What the controller knows of the devices: their tables and their last deploys. */
    public FirewallDevices devices() {
        return devices;
    }

    /**
     * The firewall's rules for the current network, against the tables its device last reported (or, never
     * connected, two unconstrained tables), within its budget: the rules, or the refusal saying what does not fit.
     */
    public FirewallResult compile(String name) {
        Firewall firewall = find(name).orElseThrow(() -> FirewallException.notFound(name));
        return compile(firewall, model.network());
    }

    FirewallResult compile(Firewall firewall, Network network) {
        Capabilities tables = devices.tables(firewall.datapathId()).orElseGet(() -> Capabilities.of(
                TableFeatures.everything(0, UNREAD_ENTRIES), TableFeatures.everything(1, UNREAD_ENTRIES)));
        return FirewallCompiler.compile(network, firewall, tables);
    }

    /** Tells {@code listener} after every change of the network (see {@link NetworkModel#addListener}). */
    void onNetworkChange(Runnable listener) {
        model.addListener(listener);
    }

    /** The current network (the firewall switches compile against it). */
    Network network() {
        return model.network();
    }

    /**
     * Registers the firewall, or replaces the registration of that name; throws {@link FirewallException} naming the
     * field (nothing changed) or {@link io.appnet.controller.store.StoreException} if the store refuses.
     */
    public Firewall register(Firewall firewall) {
        synchronized (this) {
            Firewall previous = firewalls.get(firewall.name());
            boolean held = reserved.holder(firewall.datapathId()).filter(firewall.name()::equals).isPresent();
            reserved.reserve(firewall.datapathId(), firewall.name()); // before the check for a bound host, see there
            try {
                check(firewall, model.network());
                model.apply(List.of(), StoreWrite.none().puttingFirewalls(List.of(FirewallRows.row(firewall))));
            } catch (RuntimeException refused) {
                if (!held) {
                    reserved.release(firewall.datapathId(), firewall.name());
                }
                throw refused;
            }
            if (previous != null && previous.datapathId() != firewall.datapathId()) {
                reserved.release(previous.datapathId(), firewall.name());
            }
            firewalls.put(firewall.name(), firewall);
            LOG.info("firewall {} {}: datapath {}, identity {}, {} guards", firewall.name(),
                    previous == null ? "registered" : "replaced", Long.toHexString(firewall.datapathId()),
                    FirewallRows.mode(firewall.identity()), firewall.guards().size());
        }
        listeners.forEach(listener -> listener.accept(firewall.name()));
        return firewall;
    }

    /** Deletes the registration; the rules on the device stay until it is registered again or cleared by hand. */
    public Firewall delete(String name) {
        Firewall removed;
        synchronized (this) {
            removed = firewalls.get(name);
            if (removed == null) {
                throw FirewallException.notFound(name);
            }
            model.apply(List.of(), StoreWrite.none().removingFirewalls(Set.of(name)));
            firewalls.remove(name);
            reserved.release(removed.datapathId(), name);
            LOG.info("firewall {} deleted (datapath {})", name, Long.toHexString(removed.datapathId()));
        }
        listeners.forEach(listener -> listener.accept(name));
        return removed;
    }

    private void check(Firewall firewall, Network network) {
        String datapath = String.format("%016x", firewall.datapathId());
        for (Firewall other : firewalls.values()) {
            if (other.datapathId() == firewall.datapathId() && !other.name().equals(firewall.name())) {
                throw new FirewallException("datapath_id: " + datapath + " is already firewall '" + other.name() + "'");
            }
        }
        hostOfDatapath.apply(firewall.datapathId()).ifPresent(host -> {
            throw new FirewallException("datapath_id: " + datapath + " is the switch of host " + host.name()
                    + ", not a firewall");
        });
        for (Guard guard : firewall.guards()) {
            if (guard instanceof Guard.App app) {
                guid("guards", app.guid());
            } else if (guard instanceof Guard.Destination destination
                    && network.egress().destination(destination.id()).isEmpty()) {
                throw new FirewallException("guards: destination '" + destination.id() + "' is not known");
            }
        }
        if (firewall.identity() instanceof Identity.Nat nat) {
            nat.addresses().keySet().forEach(guid -> guid("identity.addresses", guid));
        }
    }

    /** The GUID rule: 1-128 printable ASCII characters, no spaces. */
    private static void guid(String field, String guid) {
        if (guid.length() > MAX_GUID || !guid.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new FirewallException(field + ": '" + guid + "' is not an app GUID (1-128 printable ASCII"
                    + " characters, no spaces)");
        }
    }
}
