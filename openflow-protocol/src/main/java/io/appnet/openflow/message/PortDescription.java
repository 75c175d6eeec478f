package io.appnet.openflow.message;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One switch port ({@code struct ofp_port}), as in PORT_STATUS and the PORT_DESC multipart reply.
 *
 * @param portNo the OpenFlow port number (unsigned)
 * @param name at most 15 bytes of UTF-8 (16 on the wire, NUL terminated)
 * @param config bitmap of {@code CONFIG_*}
 * @param state bitmap of {@code STATE_*}
 * @param curr bitmaps of {@code OFPPF_*} features (speeds, duplex, medium), zero when unknown; likewise
 *     {@code advertised}, {@code supported}, {@code peer}
 * @param currSpeed current bit rate in kbps
 * @param maxSpeed maximum bit rate in kbps
 */
public record PortDescription(long portNo, MacAddress hwAddr, String name, int config, int state, int curr,
        int advertised, int supported, int peer, long currSpeed, long maxSpeed) {
    /** Longest name that fits the 16-byte field with its terminating NUL. */
    public static final int MAX_NAME_BYTES = 15;
    public static final int CONFIG_PORT_DOWN = 1;
    public static final int CONFIG_NO_RECV = 1 << 2;
    public static final int CONFIG_NO_FWD = 1 << 5;
    public static final int CONFIG_NO_PACKET_IN = 1 << 6;
    public static final int STATE_LINK_DOWN = 1;
    public static final int STATE_BLOCKED = 1 << 1;
    public static final int STATE_LIVE = 1 << 2;

    public PortDescription {
        Unsigned.u32("port_no", portNo);
        Objects.requireNonNull(hwAddr, "hwAddr");
        Objects.requireNonNull(name, "name");
        int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes > MAX_NAME_BYTES || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("port name \"" + name + "\" must be at most " + MAX_NAME_BYTES
                    + " bytes without NUL");
        }
        Unsigned.u32("curr_speed", currSpeed);
        Unsigned.u32("max_speed", maxSpeed);
    }

    /** Administratively down ({@code OFPPC_PORT_DOWN}). */
    public boolean adminDown() {
        return (config & CONFIG_PORT_DOWN) != 0;
    }

    /** No physical link ({@code OFPPS_LINK_DOWN}). */
    public boolean linkDown() {
        return (state & STATE_LINK_DOWN) != 0;
    }
}
