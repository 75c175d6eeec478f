package io.appnet.controller.bench.sim;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code hosts} simulated hosts in their own JVM (so that the controller's heap is measured alone), all dialling
 * one controller. Host i is {@code s<i>} with underlay 100.64.x.y, datapath id 0x1000000 + i, and one instance
 * {@code i<i>} of app {@code app-<i % apps>} at 10.(1 + i / 256).(i % 256).10, the subnet
 * {@link #subnet(int)} the benchmark leases to it beforehand. Prints {@code connected} once every session is up;
 * then answers {@code flows} on standard input with the total number of simulated flows; exits at end of input.
 * Usage: {@code SimFleet <hosts> <apps> <controller address> <ovsdb port> <openflow port>}.
 */
public final class SimFleet {
    private SimFleet() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        int apps = Integer.parseInt(args[1]);
        InetSocketAddress ovsdb = new InetSocketAddress(args[2], Integer.parseInt(args[3]));
        InetSocketAddress openflow = new InetSocketAddress(args[2], Integer.parseInt(args[4]));
        EventLoopGroup group = new NioEventLoopGroup(2);
        List<SimHost> hosts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String network = subnet(i).substring(0, subnet(i).lastIndexOf('.'));
            SimHost host = SimHost.of(name(i), "100.64." + (i / 256) + "." + (i % 256), 0x1000000L + i,
                    List.of(new SimHost.Instance("i" + i, "app-" + (i % apps), network + ".10",
                            String.format("02:00:00:%02x:%02x:%02x", (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff))),
                    ovsdb, openflow);
            host.connect(group);
            hosts.add(host);
        }
        System.out.println("connected");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.equals("flows")) {
                System.out.println(hosts.stream().mapToLong(SimHost::flowCount).sum());
            }
        }
        hosts.forEach(SimHost::close);
        group.shutdownGracefully().await(5_000);
        System.exit(0);
    }

    public static String name(int i) {
        return "s" + i;
    }

    /** The /24 leased to host i, inside the overlay 10.0.0.0/8. */
    public static String subnet(int i) {
        return "10." + (1 + i / 256) + "." + (i % 256) + ".0/24";
    }
}
