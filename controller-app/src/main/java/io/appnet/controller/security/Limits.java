package io.appnet.controller.security;

/**
 * Caps on what peers can make the controller hold: hosts with a lease, instances per host, open connections per
 * peer address on each southbound listener. Each, when hit, refuses the one thing over it with a log line
 * naming the cap.
 */
public record Limits(int maxHosts, int maxInstancesPerHost, int maxSessionsPerPeer) {

    public Limits {
        if (maxHosts < 1 || maxInstancesPerHost < 1 || maxSessionsPerPeer < 1) {
            throw new IllegalArgumentException("every cap must be at least 1: hosts " + maxHosts
                    + ", instances per host " + maxInstancesPerHost + ", sessions per peer " + maxSessionsPerPeer);
        }
    }

    /** 1,024 hosts, 1,024 instances per host, 8 connections per peer address and listener. */
    public static Limits defaults() {
        return new Limits(1024, 1024, 8);
    }
}
