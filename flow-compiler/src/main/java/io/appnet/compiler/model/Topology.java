package io.appnet.compiler.model;

import io.appnet.compiler.util.PersistentMap;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Hosts and the app instances on them, with the indexes the compiler needs (which apps run on a host,
 * on which hosts an app runs). Immutable; every update shares structure with the previous topology.
 */
public final class Topology {

    private static final Topology EMPTY = new Topology(PersistentMap.empty(), PersistentMap.empty(),
            PersistentMap.empty(), PersistentMap.empty(), PersistentMap.empty(), PersistentMap.empty(),
            PersistentMap.empty(), PersistentMap.empty());

    private final PersistentMap<HostId, Host> hosts;
    private final PersistentMap<Ipv4Address, HostId> hostsByUnderlay;
    private final PersistentMap<InstanceId, Instance> instances;
    private final PersistentMap<HostId, PersistentMap<InstanceId, Instance>> instancesByHost;
    private final PersistentMap<HostId, PersistentMap<Integer, InstanceId>> portsByHost;
    private final PersistentMap<Ipv4Address, InstanceId> instancesByIp;
    private final PersistentMap<HostId, PersistentMap<AppId, Integer>> appsByHost;
    private final PersistentMap<AppId, PersistentMap<HostId, Integer>> hostsByApp;

    private Topology(PersistentMap<HostId, Host> hosts, PersistentMap<Ipv4Address, HostId> hostsByUnderlay,
                     PersistentMap<InstanceId, Instance> instances,
                     PersistentMap<HostId, PersistentMap<InstanceId, Instance>> instancesByHost,
                     PersistentMap<HostId, PersistentMap<Integer, InstanceId>> portsByHost,
                     PersistentMap<Ipv4Address, InstanceId> instancesByIp,
                     PersistentMap<HostId, PersistentMap<AppId, Integer>> appsByHost,
                     PersistentMap<AppId, PersistentMap<HostId, Integer>> hostsByApp) {
        this.hosts = hosts;
        this.hostsByUnderlay = hostsByUnderlay;
        this.instances = instances;
        this.instancesByHost = instancesByHost;
        this.portsByHost = portsByHost;
        this.instancesByIp = instancesByIp;
        this.appsByHost = appsByHost;
        this.hostsByApp = hostsByApp;
    }

    static Topology empty() {
        return EMPTY;
    }

    public PersistentMap<HostId, Host> hosts() {
        return hosts;
    }

    public Optional<Host> host(HostId id) {
        return Optional.ofNullable(hosts.get(id));
    }

    /** The host whose underlay (tunnel endpoint) IP this is. */
    public Optional<Host> hostAt(Ipv4Address underlayIp) {
        HostId id = hostsByUnderlay.get(underlayIp);
        return id == null ? Optional.empty() : Optional.of(hosts.get(id));
    }

    public PersistentMap<InstanceId, Instance> instances() {
        return instances;
    }

    public Optional<Instance> instance(InstanceId id) {
        return Optional.ofNullable(instances.get(id));
    }

    public Collection<Instance> instancesOn(HostId host) {
        return Index.get(instancesByHost, host).values();
    }

    public Optional<Instance> instanceAt(Ipv4Address ip) {
        InstanceId id = instancesByIp.get(ip);
        return id == null ? Optional.empty() : Optional.of(instances.get(id));
    }

    /** The apps with at least one instance on the host. */
    public Set<AppId> appsOn(HostId host) {
        return Index.get(appsByHost, host).asMap().keySet();
    }

    public boolean runsOn(AppId app, HostId host) {
        return Index.get(appsByHost, host).containsKey(app);
    }

    /** The hosts running at least one instance of the app. */
    public Set<HostId> hostsOf(AppId app) {
        return Index.get(hostsByApp, app).asMap().keySet();
    }

    public int instanceCount(AppId app) {
        int[] count = {0};
        Index.get(hostsByApp, app).forEach((host, n) -> count[0] += n);
        return count[0];
    }

    Topology putHost(Host host) {
        Host previous = hosts.get(host.id());
        HostId underlayOwner = hostsByUnderlay.get(host.underlayIp());
        if (underlayOwner != null && !underlayOwner.equals(host.id())) {
            throw new ModelException("host " + host.id() + ": underlay IP " + host.underlayIp() + " is already host "
                    + underlayOwner + "'s");
        }
        for (Host other : hosts.values()) {
            if (!other.id().equals(host.id()) && other.subnet().overlaps(host.subnet())) {
                throw new ModelException("host " + host.id() + ": subnet " + host.subnet() + " overlaps host "
                        + other.id() + "'s subnet " + other.subnet());
            }
        }
        PersistentMap<Integer, InstanceId> ports = Index.get(portsByHost, host.id());
        if (ports.containsKey(host.tunnelPort())) {
            throw new ModelException("host " + host.id() + ": tunnel port " + host.tunnelPort() + " is instance "
                    + ports.get(host.tunnelPort()) + "'s port");
        }
        if (previous != null && !previous.subnet().equals(host.subnet()) && !ports.isEmpty()) {
            throw new ModelException("host " + host.id() + " has " + ports.size() + " instances in "
                    + previous.subnet() + "; remove them before changing its subnet");
        }
        PersistentMap<Ipv4Address, HostId> underlays = previous == null ? hostsByUnderlay
                : hostsByUnderlay.minus(previous.underlayIp());
        return new Topology(hosts.plus(host.id(), host), underlays.plus(host.underlayIp(), host.id()), instances,
                instancesByHost, portsByHost, instancesByIp, appsByHost, hostsByApp);
    }

    Topology removeHost(HostId id) {
        Host host = hosts.get(id);
        if (host == null) {
            throw new ModelException("unknown host '" + id + "'");
        }
        Topology without = this;
        for (Instance instance : instancesOn(id)) {
            without = without.removeInstance(instance.id());
        }
        return new Topology(without.hosts.minus(id), without.hostsByUnderlay.minus(host.underlayIp()),
                without.instances, without.instancesByHost, without.portsByHost, without.instancesByIp,
                without.appsByHost, without.hostsByApp);
    }

    Topology addInstance(Instance instance) {
        Instance existing = instances.get(instance.id());
        if (existing != null) {
            if (existing.equals(instance)) {
                return this;
            }
            throw new ModelException("instance " + instance.id() + " already exists (app " + existing.app() + " on "
                    + existing.host() + " port " + existing.port() + "); remove it first");
        }
        Host host = hosts.get(instance.host());
        if (host == null) {
            throw new ModelException("instance " + instance.id() + ": unknown host '" + instance.host() + "'");
        }
        checkPlacement(instance, host);
        return new Topology(hosts, hostsByUnderlay, instances.plus(instance.id(), instance),
                Index.put(instancesByHost, host.id(), instance.id(), instance),
                Index.put(portsByHost, host.id(), instance.port(), instance.id()),
                instancesByIp.plus(instance.ip(), instance.id()),
                Index.increment(appsByHost, host.id(), instance.app()),
                Index.increment(hostsByApp, instance.app(), host.id()));
    }

    private void checkPlacement(Instance instance, Host host) {
        String what = "instance " + instance.id() + " on host " + host.id();
        if (instance.port() < 1 || instance.port() > Host.MAX_PORT) {
            throw new ModelException(what + ": port " + instance.port() + " is outside 1.." + Host.MAX_PORT);
        }
        if (instance.port() == host.tunnelPort()) {
            throw new ModelException(what + ": port " + instance.port() + " is the host's tunnel port");
        }
        InstanceId portOwner = Index.get(portsByHost, host.id()).get(instance.port());
        if (portOwner != null) {
            throw new ModelException(what + ": port " + instance.port() + " is already instance " + portOwner + "'s");
        }
        Ipv4Prefix subnet = host.subnet();
        if (!subnet.contains(instance.ip())) {
            throw new ModelException(what + ": IP " + instance.ip() + " is outside the host's subnet " + subnet);
        }
        if (instance.ip().equals(subnet.network()) || instance.ip().equals(subnet.last())) {
            throw new ModelException(what + ": IP " + instance.ip() + " is the network or broadcast address of "
                    + subnet);
        }
        if (instance.ip().equals(host.gatewayIp())) {
            throw new ModelException(what + ": IP " + instance.ip() + " is the subnet's virtual gateway");
        }
        InstanceId ipOwner = instancesByIp.get(instance.ip());
        if (ipOwner != null) {
            throw new ModelException(what + ": IP " + instance.ip() + " is already instance " + ipOwner + "'s");
        }
        if (!instance.mac().unicast() || instance.mac().bits() == 0) {
            throw new ModelException(what + ": MAC " + instance.mac() + " is not a unicast address");
        }
        for (Instance neighbour : instancesOn(host.id())) {
            if (neighbour.mac().equals(instance.mac())) {
                throw new ModelException(what + ": MAC " + instance.mac() + " is already instance "
                        + neighbour.id() + "'s");
            }
        }
    }

    Topology removeInstance(InstanceId id) {
        Instance instance = instances.get(id);
        if (instance == null) {
            throw new ModelException("unknown instance '" + id + "'");
        }
        return new Topology(hosts, hostsByUnderlay, instances.minus(id),
                Index.remove(instancesByHost, instance.host(), id),
                Index.remove(portsByHost, instance.host(), instance.port()),
                instancesByIp.minus(instance.ip()),
                Index.decrement(appsByHost, instance.host(), instance.app()),
                Index.decrement(hostsByApp, instance.app(), instance.host()));
    }
}
