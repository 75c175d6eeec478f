package io.appnet.compiler.model;

import io.appnet.compiler.util.PersistentMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything about external destinations: settings, destinations, egress policies, gateways and, in
 * per-app NAT mode, each app's pool address. Immutable, with the indexes the compiler needs. References to
 * apps, groups and hosts are checked by {@link Network}.
 *
 * <p>The pool is divided among the gateways with NAT in chunks by rendezvous hashing ({@link #shares}); in
 * per-app mode an app's address lives on the gateway whose share holds it.
 * Per-app addresses are handed out round-robin like app IDs, so a freed one is not reused at once.
 */
public final class Egress {

    static final Egress EMPTY = new Egress(EgressSettings.none(), PersistentMap.empty(), PersistentMap.empty(),
            PersistentMap.empty(), PersistentMap.empty(), PersistentMap.empty(), PersistentMap.empty(),
            PersistentMap.empty(), PersistentMap.empty(), PersistentMap.empty(), 0);

    /** The pool is divided in at most this many chunks among the gateways. */
    public static final int POOL_CHUNKS = 64;

    private final EgressSettings settings;
    private final PersistentMap<String, Destination> destinations;
    private final PersistentMap<String, String> destinationsByName;
    private final PersistentMap<PolicyId, EgressPolicy> policies;
    private final PersistentMap<String, PersistentMap<PolicyId, EgressPolicy>> byDestination;
    private final PersistentMap<AppId, PersistentMap<PolicyId, EgressPolicy>> byApp;
    private final PersistentMap<GroupName, PersistentMap<PolicyId, EgressPolicy>> byGroup;
    private final PersistentMap<HostId, Gateway> gateways;
    private final PersistentMap<AppId, Ipv4Address> addresses;
    private final PersistentMap<Ipv4Address, AppId> addressOwners;
    private final long nextAddress;
    private volatile Map<HostId, List<IpRange>> shares;

    private Egress(EgressSettings settings, PersistentMap<String, Destination> destinations,
                   PersistentMap<String, String> destinationsByName, PersistentMap<PolicyId, EgressPolicy> policies,
                   PersistentMap<String, PersistentMap<PolicyId, EgressPolicy>> byDestination,
                   PersistentMap<AppId, PersistentMap<PolicyId, EgressPolicy>> byApp,
                   PersistentMap<GroupName, PersistentMap<PolicyId, EgressPolicy>> byGroup,
                   PersistentMap<HostId, Gateway> gateways, PersistentMap<AppId, Ipv4Address> addresses,
                   PersistentMap<Ipv4Address, AppId> addressOwners, long nextAddress) {
        this.settings = settings;
        this.destinations = destinations;
        this.destinationsByName = destinationsByName;
        this.policies = policies;
        this.byDestination = byDestination;
        this.byApp = byApp;
        this.byGroup = byGroup;
        this.gateways = gateways;
        this.addresses = addresses;
        this.addressOwners = addressOwners;
        this.nextAddress = nextAddress;
    }

    public EgressSettings settings() {
        return settings;
    }

    public PersistentMap<String, Destination> destinations() {
        return destinations;
    }

    public Optional<Destination> destination(String id) {
        return Optional.ofNullable(destinations.get(id));
    }

    public PersistentMap<PolicyId, EgressPolicy> policies() {
        return policies;
    }

    public Collection<EgressPolicy> policiesTo(String destination) {
        return Index.get(byDestination, destination).values();
    }

    /** Egress policies whose source is the app itself (not through a group). */
    public Collection<EgressPolicy> policiesOfApp(AppId app) {
        return Index.get(byApp, app).values();
    }

    public Collection<EgressPolicy> policiesOfGroup(GroupName group) {
        return Index.get(byGroup, group).values();
    }

    public PersistentMap<HostId, Gateway> gateways() {
        return gateways;
    }

    public boolean isGateway(HostId host) {
        return gateways.containsKey(host);
    }

    /** Per-app mode: every app with an egress policy and its pool address. */
    public PersistentMap<AppId, Ipv4Address> addresses() {
        return addresses;
    }

    public Optional<Ipv4Address> address(AppId app) {
        return Optional.ofNullable(addresses.get(app));
    }

    /**
     * Each gateway with NAT and its share of the pool: the pool's sorted addresses cut into at most
     * {@link #POOL_CHUNKS} contiguous chunks, each held by the gateway that wins it by rendezvous hashing, so
     * that a gateway lost or added moves only its own chunks (and the connections NATed to them).
     */
    public Map<HostId, List<IpRange>> shares() {
        Map<HostId, List<IpRange>> computed = shares;
        if (computed == null) {
            List<HostId> nat = new ArrayList<>();
            gateways.forEach((id, gateway) -> {
                if (gateway.nat()) {
                    nat.add(id);
                }
            });
            nat.sort(null);
            long size = settings.poolSize();
            long chunks = Math.min(POOL_CHUNKS, size);
            Map<HostId, List<IpRange>> built = new HashMap<>();
            nat.forEach(id -> built.put(id, new ArrayList<>()));
            for (long chunk = 0; chunk < chunks && !nat.isEmpty(); chunk++) {
                HostId owner = Rendezvous.owner(chunk, nat);
                built.get(owner).addAll(settings.poolSlice(size * chunk / chunks, size * (chunk + 1) / chunks));
            }
            computed = new HashMap<>();
            for (Map.Entry<HostId, List<IpRange>> entry : built.entrySet()) {
                computed.put(entry.getKey(), merged(entry.getValue()));
            }
            shares = Map.copyOf(computed);
            computed = shares;
        }
        return computed;
    }

    /** Sorted ranges with adjacent ones joined. */
    private static List<IpRange> merged(List<IpRange> ranges) {
        List<IpRange> sorted = new ArrayList<>(ranges);
        sorted.sort(null);
        List<IpRange> merged = new ArrayList<>();
        for (IpRange range : sorted) {
            IpRange last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && last.end().unsigned() + 1 == range.start().unsigned()) {
                merged.set(merged.size() - 1, IpRange.of(last.start(), range.end()));
            } else {
                merged.add(range);
            }
        }
        return List.copyOf(merged);
    }

    public List<IpRange> share(HostId gateway) {
        return shares().getOrDefault(gateway, List.of());
    }

    /** Per-app mode: the gateway whose share holds the app's address. */
    public Optional<HostId> home(AppId app) {
        Ipv4Address address = addresses.get(app);
        if (address == null) {
            return Optional.empty();
        }
        for (Map.Entry<HostId, List<IpRange>> share : shares().entrySet()) {
            if (share.getValue().stream().anyMatch(range -> range.contains(address))) {
                return Optional.of(share.getKey());
            }
        }
        return Optional.empty();
    }

    /**
     * The gateways that carry a destination's connections, sorted: its pinned gateways that are present, or
     * (unpinned) every gateway with NAT; in shared mode a NAT gateway without pool addresses carries nothing.
     */
    public List<HostId> carriers(Destination destination) {
        List<HostId> carriers = new ArrayList<>();
        gateways.forEach((id, gateway) -> {
            boolean chosen = destination.pinned() ? destination.gateways().contains(id) : gateway.nat();
            boolean canNat = !gateway.nat() || settings.mode() == NatMode.PER_APP || !share(id).isEmpty();
            if (chosen && canNat) {
                carriers.add(id);
            }
        });
        carriers.sort(null);
        return carriers;
    }

    public boolean carries(HostId gateway, Destination destination) {
        return carriers(destination).contains(gateway);
    }

    /** True if the app is a source of an egress policy, directly or through a group. */
    boolean needsAddress(AppId app, PolicySet policySet) {
        if (!Index.get(byApp, app).isEmpty()) {
            return true;
        }
        for (GroupName group : policySet.groupsOf(app)) {
            if (!Index.get(byGroup, group).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    // ---- changes -----------------------------------------------------------------------------------

    private Egress with(EgressSettings settings, PersistentMap<String, Destination> destinations,
                        PersistentMap<String, String> destinationsByName,
                        PersistentMap<PolicyId, EgressPolicy> policies,
                        PersistentMap<String, PersistentMap<PolicyId, EgressPolicy>> byDestination,
                        PersistentMap<AppId, PersistentMap<PolicyId, EgressPolicy>> byApp,
                        PersistentMap<GroupName, PersistentMap<PolicyId, EgressPolicy>> byGroup,
                        PersistentMap<HostId, Gateway> gateways) {
        return new Egress(settings, destinations, destinationsByName, policies, byDestination, byApp, byGroup, gateways,
                addresses, addressOwners, nextAddress);
    }

    Egress withSettings(EgressSettings updated) {
        Egress egress = with(updated, destinations, destinationsByName, policies, byDestination, byApp, byGroup,
                gateways);
        return updated.pool().equals(settings.pool()) && updated.mode() == settings.mode() ? egress
                : new Egress(updated, destinations, destinationsByName, policies, byDestination, byApp, byGroup,
                gateways, PersistentMap.empty(), PersistentMap.empty(), 0);
    }

    Egress putDestination(Destination destination) {
        String owner = destinationsByName.get(destination.name());
        if (owner != null && !owner.equals(destination.id())) {
            throw new ModelException("destination name '" + destination.name() + "' is already destination "
                    + owner + "'s");
        }
        Destination previous = destinations.get(destination.id());
        PersistentMap<String, String> names = previous == null ? destinationsByName
                : destinationsByName.minus(previous.name());
        return with(settings, destinations.plus(destination.id(), destination),
                names.plus(destination.name(), destination.id()), policies, byDestination, byApp, byGroup, gateways);
    }

    Egress removeDestination(String id) {
        Destination destination = destinations.get(id);
        if (destination == null) {
            throw new ModelException("unknown destination '" + id + "'");
        }
        Collection<EgressPolicy> users = policiesTo(id);
        if (!users.isEmpty()) {
            throw new ModelException("destination '" + destination.name() + "' is used by egress policies "
                    + users.stream().map(EgressPolicy::id).sorted().toList() + "; remove them first");
        }
        return with(settings, destinations.minus(id), destinationsByName.minus(destination.name()), policies,
                byDestination, byApp, byGroup, gateways);
    }

    Egress addPolicy(EgressPolicy policy) {
        if (policies.containsKey(policy.id())) {
            throw new ModelException("policy ID " + policy.id() + " is already in use");
        }
        if (!destinations.containsKey(policy.destination())) {
            throw new ModelException("egress policy " + policy.id() + ": destination: unknown destination '"
                    + policy.destination() + "'");
        }
        var apps = byApp;
        var groups = byGroup;
        if (policy.source() instanceof EgressPolicy.AppSource app) {
            apps = Index.put(apps, app.app(), policy.id(), policy);
        } else {
            groups = Index.put(groups, ((EgressPolicy.GroupSource) policy.source()).group(), policy.id(), policy);
        }
        return with(settings, destinations, destinationsByName, policies.plus(policy.id(), policy),
                Index.put(byDestination, policy.destination(), policy.id(), policy), apps, groups, gateways);
    }

    Egress removePolicy(PolicyId id) {
        EgressPolicy policy = policies.get(id);
        var apps = byApp;
        var groups = byGroup;
        if (policy.source() instanceof EgressPolicy.AppSource app) {
            apps = Index.remove(apps, app.app(), id);
        } else {
            groups = Index.remove(groups, ((EgressPolicy.GroupSource) policy.source()).group(), id);
        }
        return with(settings, destinations, destinationsByName, policies.minus(id),
                Index.remove(byDestination, policy.destination(), id), apps, groups, gateways);
    }

    Egress putGateway(Gateway gateway) {
        return with(settings, destinations, destinationsByName, policies, byDestination, byApp, byGroup,
                gateways.plus(gateway.host(), gateway));
    }

    Egress removeGateway(HostId host) {
        return gateways.containsKey(host) ? with(settings, destinations, destinationsByName, policies, byDestination,
                byApp, byGroup, gateways.minus(host)) : this;
    }

    /**
     * Per-app mode: gives each of the apps that needs a pool address one and frees those of the apps that no
     * longer need one. Refuses (rather than share an address) when the pool is exhausted.
     */
    Egress reassign(Set<AppId> apps, PolicySet policySet, Function<AppId, Optional<String>> guidOf) {
        if (settings.mode() != NatMode.PER_APP || apps.isEmpty()) {
            return this;
        }
        PersistentMap<AppId, Ipv4Address> assigned = addresses;
        PersistentMap<Ipv4Address, AppId> owners = addressOwners;
        long next = nextAddress;
        long size = settings.poolSize();
        for (AppId app : new java.util.TreeSet<>(apps)) {
            Ipv4Address held = assigned.get(app);
            boolean needs = needsAddress(app, policySet);
            if (needs && held == null) {
                if (owners.size() >= size) {
                    throw new ModelException("nat.pool has " + size + " addresses, too few for nat.mode per-app: app "
                            + guidOf.apply(app).map(guid -> "'" + guid + "' (app ID " + app + ")").orElse("ID " + app)
                            + " needs one and " + owners.size() + " apps already hold one");
                }
                Ipv4Address address = settings.poolAddress(next);
                while (owners.containsKey(address)) {
                    next = (next + 1) % size;
                    address = settings.poolAddress(next);
                }
                next = (next + 1) % size;
                assigned = assigned.plus(app, address);
                owners = owners.plus(address, app);
            } else if (!needs && held != null) {
                assigned = assigned.minus(app);
                owners = owners.minus(held);
            }
        }
        return new Egress(settings, destinations, destinationsByName, policies, byDestination, byApp, byGroup,
                gateways, assigned, owners, next);
    }

    /** Restores an app's per-app address after a restart, so that it keeps the address firewalls know. */
    Egress restoreAddress(AppId app, Ipv4Address address) {
        if (settings.mode() != NatMode.PER_APP) {
            throw new ModelException("app " + app + ": a per-app address needs nat.mode per-app");
        }
        if (settings.pool().stream().noneMatch(range -> range.contains(address))) {
            throw new ModelException("app " + app + ": address " + address + " is not in nat.pool");
        }
        AppId owner = addressOwners.get(address);
        Ipv4Address held = addresses.get(app);
        if (address.equals(held)) {
            return this;
        }
        if (owner != null || held != null) {
            throw new ModelException("app " + app + ": address " + address + " is held by "
                    + (owner != null ? "app " + owner : "nobody, but the app holds " + held));
        }
        return new Egress(settings, destinations, destinationsByName, policies, byDestination, byApp, byGroup,
                gateways, addresses.plus(app, address), addressOwners.plus(address, app), nextAddress);
    }
}
