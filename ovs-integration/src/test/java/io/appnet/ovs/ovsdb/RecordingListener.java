package io.appnet.ovs.ovsdb;

import java.util.ArrayList;
import java.util.List;

/** Keeps every host event, as "connected h1", "changed h1", "disconnected h1: reason". */
final class RecordingListener implements OvsdbHostListener {

    record Change(OvsdbSession session, HostSnapshot previous, HostSnapshot current) { }

    private final List<String> events = new ArrayList<>();
    private final List<Change> changes = new ArrayList<>();

    @Override
    public synchronized void hostConnected(OvsdbSession session) {
        events.add("connected " + name(session));
    }

    @Override
    public synchronized void snapshotChanged(OvsdbSession session, HostSnapshot previous, HostSnapshot current) {
        events.add("changed " + name(session));
        changes.add(new Change(session, previous, current));
    }

    @Override
    public synchronized void hostDisconnected(OvsdbSession session, String reason) {
        events.add("disconnected " + name(session) + ": " + reason);
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized List<Change> changes() {
        return List.copyOf(changes);
    }

    private static String name(OvsdbSession session) {
        return session.snapshot().hostId().orElse("?");
    }
}
