package io.appnet.openflow.connection;

import io.appnet.openflow.message.OfMessage;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records connection events for assertions. */
final class RecordingListener implements OfConnectionListener {
    record Event(String kind, OfConnection connection, Object detail) { }

    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @Override
    public void connected(OfConnection connection) {
        events.add(new Event("connected", connection, null));
    }

    @Override
    public void disconnected(OfConnection connection, String reason) {
        events.add(new Event("disconnected", connection, reason));
    }

    @Override
    public void message(OfConnection connection, OfMessage message) {
        events.add(new Event("message", connection, message));
    }

    Event next(String kind) throws InterruptedException {
        while (true) {
            Event event = events.poll(10, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no '" + kind + "' event within 10 s");
            }
            if (event.kind().equals(kind)) {
                return event;
            }
        }
    }
}
