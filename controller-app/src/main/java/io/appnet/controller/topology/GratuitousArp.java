package io.appnet.controller.topology;

import io.appnet.compiler.model.Egress;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.MacAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gratuitous ARP for pool addresses that change gateway. When a gateway is lost or added its pool chunks move,
 * and the external next hop still has the old owner's MAC cached (minutes, on real routers): replies to new
 * connections NATed to a moved address would go to the old gateway. A gratuitous ARP request (sender and
 * target IP the address, broadcast) from the new owner updates that cache at once, as VRRP does. Pure.
 */
public final class GratuitousArp {
    /** At most this many addresses announced per gateway and change: the whole pool of a /22. */
    public static final int MAX_ADDRESSES = 1024;

    private GratuitousArp() {
    }

    /** The 42-byte Ethernet frame announcing that {@code address} is at {@code sender}. */
    public static byte[] frame(MacAddress sender, Ipv4Address address) {
        ByteBuffer frame = ByteBuffer.allocate(42);
        frame.put(mac(0xFFFF_FFFF_FFFFL)).put(mac(sender.bits())).putShort((short) 0x0806);
        frame.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
        frame.put(mac(sender.bits())).putInt(address.bits()).put(mac(0)).putInt(address.bits());
        return frame.array();
    }

    /**
     * For each gateway of {@code after}, the addresses of its share it did not hold in {@code before} (at most
     * {@link #MAX_ADDRESSES}, lowest first), by gateway name.
     */
    public static Map<HostId, List<Ipv4Address>> gained(Egress before, Egress after) {
        Map<HostId, List<Ipv4Address>> gained = new TreeMap<>();
        after.shares().forEach((gateway, share) -> {
            List<Ipv4Address> fresh = addresses(share, before.share(gateway));
            if (!fresh.isEmpty()) {
                gained.put(gateway, fresh);
            }
        });
        return gained;
    }

    /** Every gateway's whole share (at most {@link #MAX_ADDRESSES} each), by gateway name. */
    public static Map<HostId, List<Ipv4Address>> all(Egress egress) {
        Map<HostId, List<Ipv4Address>> all = new TreeMap<>();
        egress.shares().forEach((gateway, share) -> all.put(gateway, addresses(share, List.of())));
        return all;
    }

    private static List<Ipv4Address> addresses(List<IpRange> share, List<IpRange> excluded) {
        List<Ipv4Address> addresses = new ArrayList<>();
        for (IpRange range : share) {
            for (long i = 0; i < range.size() && addresses.size() < MAX_ADDRESSES; i++) {
                Ipv4Address address = range.at(i);
                if (excluded.stream().noneMatch(old -> old.contains(address))) {
                    addresses.add(address);
                }
            }
        }
        return List.copyOf(addresses);
    }

    private static byte[] mac(long bits) {
        byte[] bytes = new byte[6];
        for (int i = 0; i < 6; i++) {
            bytes[i] = (byte) (bits >>> (40 - 8 * i));
        }
        return bytes;
    }
}
