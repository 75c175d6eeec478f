package io.appnet.ovs.harness;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks of the IPv4 addresses, MAC addresses and ports given to the harness. */
final class Addresses {

    private static final Pattern DOTTED_QUAD = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

    private Addresses() {
    }

    static String requireAddress(String what, String address) {
        Matcher matcher = DOTTED_QUAD.matcher(address == null ? "" : address);
        boolean valid = matcher.matches();
        for (int group = 1; valid && group <= 4; group++) {
            valid = Integer.parseInt(matcher.group(group)) <= 255;
        }
        if (!valid) {
            throw new IllegalArgumentException(what + " '" + address + "' is not a dotted-quad IPv4 address");
        }
        return address;
    }

    /** The address as a 32-bit number, for subnet arithmetic. */
    static int toInt(String address) {
        int value = 0;
        for (String octet : requireAddress("address", address).split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }

    static boolean sameSubnet(String first, String second, int prefixLength) {
        int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
        return (toInt(first) & mask) == (toInt(second) & mask);
    }

    static String requireMac(String what, String mac) {
        if (mac == null || !MAC.matcher(mac).matches()) {
            throw new IllegalArgumentException(what + " '" + mac + "' is not a MAC address like 02:00:00:00:00:01 (lower case)");
        }
        if ((Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
            throw new IllegalArgumentException(what + " '" + mac + "' is a multicast address");
        }
        return mac;
    }

    static int requirePort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " " + port + " is not a TCP/UDP port (1..65535)");
        }
        return port;
    }
}
