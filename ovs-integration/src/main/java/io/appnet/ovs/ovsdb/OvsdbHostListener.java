package io.appnet.ovs.ovsdb;

/**
 * Host events of an {@link OvsdbServer}, delivered one at a time, in order, on the server's event thread
 * (never on a network thread): for each session {@code hostConnected}, then any number of
 * {@code snapshotChanged}, then {@code hostDisconnected}. A listener that blocks delays later events only.
 */
public interface OvsdbHostListener {

    /** The host's first full snapshot has arrived ({@link OvsdbSession#snapshot()}). */
    void hostConnected(OvsdbSession session);

    /** An update changed what the snapshot shows; {@code current} is what {@code session.snapshot()} held then. */
    void snapshotChanged(OvsdbSession session, HostSnapshot previous, HostSnapshot current);

    /**
     * The session ended: the host closed it, stopped answering, broke the protocol, or a new session of the
     * same host (same Open_vSwitch record) replaced it.
     */
    void hostDisconnected(OvsdbSession session, String reason);
}
