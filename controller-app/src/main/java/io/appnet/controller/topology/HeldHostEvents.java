package io.appnet.controller.topology;

import io.appnet.ovs.ovsdb.HostSnapshot;
import io.appnet.ovs.ovsdb.OvsdbHostListener;
import io.appnet.ovs.ovsdb.OvsdbSession;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OVSDB listener of a controller that is still starting. The OVSDB port is bound first, so a host that dials
 * while the store is read and compiled gets its session and snapshot meanwhile (Open vSwitch dials again only a
 * second later); its events wait on the server's event thread, which delivers them in order, until the topology
 * takes over ({@link #deliverTo}). A start that fails drops them ({@link #drop}).
 */
public final class HeldHostEvents implements OvsdbHostListener {
    private static final Logger LOG = LoggerFactory.getLogger(HeldHostEvents.class);

    /** Far beyond any start (store read and compile); after it events are dropped rather than held forever. */
    static final Duration START_WAIT = Duration.ofMinutes(2);

    private static final OvsdbHostListener DROPPED = new OvsdbHostListener() {
        @Override
        public void hostConnected(OvsdbSession session) {
        }

        @Override
        public void snapshotChanged(OvsdbSession session, HostSnapshot previous, HostSnapshot current) {
        }

        @Override
        public void hostDisconnected(OvsdbSession session, String reason) {
        }
    };

    private final CountDownLatch started = new CountDownLatch(1);
    private volatile OvsdbHostListener target = DROPPED;

    /** From now on (and for the events held so far, in order) events go to {@code listener}. */
    public void deliverTo(OvsdbHostListener listener) {
        target = listener;
        started.countDown();
    }

    /** The start failed: held and later events are dropped. */
    public void drop() {
        started.countDown();
    }

    @Override
    public void hostConnected(OvsdbSession session) {
        target().hostConnected(session);
    }

    @Override
    public void snapshotChanged(OvsdbSession session, HostSnapshot previous, HostSnapshot current) {
        target().snapshotChanged(session, previous, current);
    }

    @Override
    public void hostDisconnected(OvsdbSession session, String reason) {
        target().hostDisconnected(session, reason);
    }

    private OvsdbHostListener target() {
        try {
            if (!started.await(START_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.error("the controller has not started within {} s; an OVSDB host event is dropped",
                        START_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return target;
    }
}
