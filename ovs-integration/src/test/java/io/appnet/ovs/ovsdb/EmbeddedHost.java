package io.appnet.ovs.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A session on an {@link EmbeddedChannel} with the production pipeline, driven from the host's side: the test
 * writes what the host would send and reads what the manager sent. Listener events are delivered inline.
 */
final class EmbeddedHost {

    static final OvsdbServerConfig CONFIG = OvsdbServerConfig.defaults().withEchoInterval(Duration.ofSeconds(5))
            .withMaxMessageBytes(64 * 1024);

    final EmbeddedChannel channel;
    final OvsdbSession session;

    EmbeddedHost(HostEvents events) {
        this(events, CONFIG);
    }

    EmbeddedHost(HostEvents events, OvsdbServerConfig config) {
        channel = new EmbeddedChannel(false, false);
        session = SessionHandler.install(channel, config, events, java.util.Optional.empty());
        try {
            channel.register();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HostEvents inline(OvsdbHostListener listener) {
        return new HostEvents(Runnable::run, listener);
    }

    /** Answers the monitor request with the recorded monitor reply and checks the session took it. */
    static EmbeddedHost monitored(HostEvents events) {
        return monitored(events, CONFIG);
    }

    static EmbeddedHost monitored(HostEvents events, OvsdbServerConfig config) {
        EmbeddedHost host = new EmbeddedHost(events, config);
        JsonNode monitor = host.sent();
        host.receive(Fixtures.text("monitor-reply").replaceFirst("\"id\": 1", "\"id\": " + monitor.get("id")));
        return host;
    }

    void receive(String json) {
        channel.writeInbound(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
        channel.runPendingTasks();
    }

    void receiveFixture(String name) {
        receive(Fixtures.text(name));
    }

    /** The next message the manager wrote, or null. Runs queued tasks first (operations are queued). */
    JsonNode sent() {
        channel.runPendingTasks();
        ByteBuf out = channel.readOutbound();
        if (out == null) {
            return null;
        }
        try {
            return Fixtures.parse(out.toString(StandardCharsets.UTF_8));
        } finally {
            out.release();
        }
    }
}
