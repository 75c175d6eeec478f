package io.appnet.controller.store;

import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.compiler.model.ModelException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The shape every stored row has, checked when records are built, and the length of name the store keeps,
 * checked at commit, so that what the in-memory store accepts the H2 columns can hold. Whether a name is a valid
 * app GUID or host id is the model's rule, checked before anything reaches the store.
 */
final class StoreFields {
    static final int MAX_NAME = 128;
    static final int MAX_APP_ID = 0xFF_FFFF;
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "icmp", "all");

    private StoreFields() {
    }

    /** App GUIDs, host ids and service names are never null or empty. */
    static void present(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " is missing");
        }
    }

    /** Throws {@link StoreException} if the name is longer than the store keeps. */
    static void fits(String what, String value) {
        if (value.length() > MAX_NAME) {
            throw new StoreException(what + " '" + value.substring(0, 20) + "...' is longer than the " + MAX_NAME
                    + " characters the store keeps");
        }
    }

    /** Policy IDs of every kind (app, group, egress) are positive. */
    static void policyId(long id) {
        if (id < 1) {
            throw new IllegalArgumentException("policy ID " + id + " is not positive");
        }
    }

    static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    static <T> Set<T> union(Set<T> first, Set<T> second) {
        Set<T> all = new HashSet<>(first);
        all.addAll(second);
        return all;
    }

    static void appId(String what, int id) {
        if (id < 1 || id > MAX_APP_ID) {
            throw new IllegalArgumentException(what + " " + id + " is outside 1.." + MAX_APP_ID);
        }
    }

    /** An IPv4 CIDR written canonically (no host bits set), as the rest of the controller writes it. */
    static void cidr(String cidr) {
        String canonical;
        try {
            canonical = Ipv4Prefix.parse(cidr).toString();
        } catch (ModelException e) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IPv4 CIDR: " + e.getMessage(), e);
        }
        if (!canonical.equals(cidr)) {
            throw new IllegalArgumentException("'" + cidr + "' is not written as " + canonical);
        }
    }

    /** An IPv4 range written {@code a-b}, start not after end. */
    static void ipRange(String range) {
        int dash = range.indexOf('-');
        try {
            if (dash < 0) {
                throw new ModelException("no '-'");
            }
            IpRange.parse(range.substring(0, dash), range.substring(dash + 1));
        } catch (ModelException e) {
            throw new IllegalArgumentException("ip range '" + range + "' is not written a-b: " + e.getMessage(), e);
        }
    }

    /** A port range written {@code a-b}, within 1..65535 in order. */
    static void portRange(String range) {
        String[] ends = range.split("-", 2);
        try {
            int start = Integer.parseInt(ends[0]);
            int end = Integer.parseInt(ends[1]);
            if (start >= 1 && start <= end && end <= 65535) {
                return;
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException notARange) {
            // named below
        }
        throw new IllegalArgumentException("port range '" + range + "' is not written a-b within 1..65535 in order");
    }

    static void protocolAndPorts(String protocol, int startPort, int endPort) {
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("protocol '" + protocol + "' is not tcp, udp, icmp or all");
        }
        if (startPort < 0 || endPort > 65535 || startPort > endPort) {
            throw new IllegalArgumentException("ports " + startPort + "-" + endPort
                    + " are not within 0..65535 in order");
        }
    }
}
