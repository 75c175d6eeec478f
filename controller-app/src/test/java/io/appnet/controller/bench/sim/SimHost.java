package io.appnet.controller.bench.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.appnet.openflow.message.OfReserved;
import io.appnet.openflow.text.FlowText;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One simulated host as the host contract (docs/architecture.md, section 3) makes it: an Open_vSwitch record with
 * {@code appnet-host-id} and {@code appnet-underlay-ip}, br-int (secure fail mode, OpenFlow 1.3) with a Manager
 * and a Controller row naming the controller, and one port per instance with the contract's external ids. It
 * dials the controller's OVSDB and OpenFlow ports as ovsdb-server and ovs-vswitchd do after
 * {@code set-manager}/{@code set-controller}. A benchmark tool: never a stand-in for OVS in a correctness test.
 */
public final class SimHost implements AutoCloseable {
    /** How long a dropped session waits before dialling again: OVS's reconnect with max_backoff=1000. */
    static final Duration RECONNECT = Duration.ofSeconds(1);

    /** An instance as the platform attaches it: port name, app GUID, IP, MAC. */
    public record Instance(String port, String appGuid, String ip, String mac) { }

    private final String name;
    private final long datapathId;
    private final SimDatabase database = new SimDatabase();
    private final SimFlowTable flows = new SimFlowTable();
    private final List<Channel> channels = new ArrayList<>();
    private final AtomicLong barriers = new AtomicLong();
    private volatile boolean closed;
    private InetSocketAddress ovsdbAddress;
    private InetSocketAddress openflowAddress;

    private SimHost(String name, long datapathId) {
        this.name = name;
        this.datapathId = datapathId;
    }

    /** Builds the host's database; {@link #connect} then dials the controller. */
    public static SimHost of(String name, String underlayIp, long datapathId, List<Instance> instances,
                             InetSocketAddress ovsdb, InetSocketAddress openflow) {
        SimHost host = new SimHost(name, datapathId);
        SimDatabase db = host.database;
        String manager = db.insert("Manager", row(Map.of("target", text("tcp:" + ovsdb.getAddress().getHostAddress()
                + ":" + ovsdb.getPort()))));
        String controller = db.insert("Controller", row(Map.of("target", text("tcp:"
                + openflow.getAddress().getHostAddress() + ":" + openflow.getPort()))));
        List<JsonNode> ports = new ArrayList<>();
        ports.add(SimDatabase.uuidAtom(port(db, "br-int", "internal", 65534, Map.of())));
        for (Instance instance : instances) {
            ports.add(SimDatabase.uuidAtom(port(db, instance.port(), "internal", null, Map.of(
                    "appnet-app-guid", instance.appGuid(), "appnet-ip", instance.ip(),
                    "attached-mac", instance.mac()))));
        }
        ObjectNode bridge = row(Map.of("name", text("br-int"),
                "datapath_id", text(String.format("%016x", datapathId)),
                "external_ids", SimDatabase.stringMap(Map.of()),
                "fail_mode", text("secure"),
                "ports", SimDatabase.set(ports),
                "controller", SimDatabase.set(List.of(SimDatabase.uuidAtom(controller)))));
        String bridgeUuid = db.insert("Bridge", bridge);
        db.insert("Open_vSwitch", row(Map.of(
                "external_ids", SimDatabase.stringMap(Map.of("appnet-host-id", name, "appnet-underlay-ip", underlayIp)),
                "bridges", SimDatabase.set(List.of(SimDatabase.uuidAtom(bridgeUuid))),
                "manager_options", SimDatabase.set(List.of(SimDatabase.uuidAtom(manager))))));
        host.ovsdbAddress = ovsdb;
        host.openflowAddress = openflow;
        return host;
    }

    /**
     * Dials both sessions on {@code group}'s threads; returns once both TCP connections are up. A session the
     * controller drops is dialled again after {@link #RECONNECT}, as OVS does with {@code max_backoff=1000}; the
     * flow table and the database are kept, as OVS keeps them.
     */
    public void connect(EventLoopGroup group) throws InterruptedException {
        keepDialling(group, ovsdbAddress, channel -> new SimOvsdb(database).install(channel)).sync();
        keepDialling(group, openflowAddress, channel -> new SimSwitch(datapathId, flows, barriers).install(channel))
                .sync();
    }

    private ChannelFuture keepDialling(EventLoopGroup group, InetSocketAddress address, Consumer<Channel> pipeline) {
        ChannelFuture dialled = dial(group, address, pipeline);
        dialled.addListener((ChannelFuture attempt) -> {
            Channel channel = attempt.channel();
            if (attempt.isSuccess()) {
                synchronized (channels) {
                    channels.add(channel);
                }
            }
            channel.closeFuture().addListener(closed -> {
                if (!this.closed) {
                    group.schedule(() -> keepDialling(group, address, pipeline), RECONNECT.toMillis(),
                            TimeUnit.MILLISECONDS);
                }
            });
        });
        return dialled;
    }

    public String name() {
        return name;
    }

    public long datapathId() {
        return datapathId;
    }

    /** Flows in the simulated tables. Read it only while the controller sends nothing (no lock is taken). */
    public int flowCount() {
        return flows.size();
    }

    /** The switch's flows as {@code ovs-ofctl dump-flows} text without statistics ({@link FlowText}), sorted. */
    public List<String> dumpFlows() {
        return flows.stats(OfReserved.TABLE_ALL).stream().map(FlowText::of).sorted().toList();
    }

    /** Barrier requests answered so far, over all of the host's OpenFlow sessions. */
    public long barriers() {
        return barriers.get();
    }

    @Override
    public void close() {
        closed = true;
        synchronized (channels) {
            channels.forEach(Channel::close);
        }
    }

    private static ChannelFuture dial(EventLoopGroup group, InetSocketAddress address, Consumer<Channel> pipeline) {
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        pipeline.accept(channel);
                    }
                })
                .connect(address);
    }

    private static String port(SimDatabase db, String name, String type, Integer ofport, Map<String, String> ids) {
        ObjectNode iface = row(Map.of("name", text(name), "type", text(type), "external_ids",
                SimDatabase.stringMap(ids), "options", SimDatabase.stringMap(Map.of()),
                "mac_in_use", text(ids.getOrDefault("attached-mac", "02:00:00:00:00:01")),
                "error", SimDatabase.emptySet()));
        if (ofport != null) {
            iface.put("ofport", ofport);
        }
        String interfaceUuid = db.insert("Interface", iface);
        return db.insert("Port", row(Map.of("name", text(name),
                "interfaces", SimDatabase.set(List.of(SimDatabase.uuidAtom(interfaceUuid))))));
    }

    private static ObjectNode row(Map<String, JsonNode> columns) {
        ObjectNode row = SimDatabase.JSON.objectNode();
        row.setAll(columns);
        return row;
    }

    private static TextNode text(String value) {
        return SimDatabase.JSON.textNode(value);
    }
}
