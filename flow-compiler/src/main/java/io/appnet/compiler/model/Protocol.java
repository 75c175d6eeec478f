package io.appnet.compiler.model;

import java.util.Locale;

/** The protocol a policy opens; ports apply to tcp and udp only. */
public enum Protocol {
    TCP(6), UDP(17), ICMP(1), ALL(-1);

    private final int ipProtocol;

    Protocol(int ipProtocol) {
        this.ipProtocol = ipProtocol;
    }

    /** The IP protocol number; -1 for ALL. */
    public int ipProtocol() {
        return ipProtocol;
    }

    public boolean hasPorts() {
        return this == TCP || this == UDP;
    }

    public static Protocol parse(String text) {
        for (Protocol protocol : values()) {
            if (protocol.name().equalsIgnoreCase(text)) {
                return protocol;
            }
        }
        throw new ModelException("unknown protocol '" + text + "': expected tcp, udp, icmp or all");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
