package io.appnet.controller.bench;

import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.message.BundleAdd;
import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.BundleControlType;
import io.appnet.openflow.message.BundleFlag;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.OfMessage;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/** The ways the controller pushes a batch of flows; each returns once the switch has applied all of them. */
enum ControllerInstall {
    /** Every flow-mod streamed back to back, then one barrier. */
    FLOW_MODS("controller flow-mods") {
        @Override
        void install(OfConnection connection, List<FlowMod> flows) {
            await(connection.sendAll(each(flows, flow -> flow.withXid(connection.nextXid()))));
            await(connection.barrier());
        }
    },
    /**
     * An ONF bundle as {@code ovs-ofctl --bundle} makes it: open (answered), every flow-mod in a bundle add
     * streamed back to back, a barrier (so a refused add is known before committing), commit (answered).
     */
    BUNDLE("controller bundle") {
        @Override
        void install(OfConnection connection, List<FlowMod> flows) {
            long bundleId = BUNDLE_IDS.incrementAndGet();
            expectReply(await(connection.request(BundleControl.open(connection.nextXid(), bundleId, FLAGS))),
                    BundleControlType.OPEN_REPLY);
            await(connection.sendAll(
                    each(flows, flow -> BundleAdd.of(bundleId, FLAGS, flow.withXid(connection.nextXid())))));
            await(connection.barrier());
            expectReply(await(connection.request(BundleControl.commit(connection.nextXid(), bundleId, FLAGS))),
                    BundleControlType.COMMIT_REPLY);
        }
    };

    /** The flags ovs-ofctl gives its bundles; Open vSwitch wants the same on every message of one bundle. */
    private static final Set<BundleFlag> FLAGS = Set.of(BundleFlag.ATOMIC, BundleFlag.ORDERED);
    private static final AtomicLong BUNDLE_IDS = new AtomicLong();
    private static final long TIMEOUT_SECONDS = 300;

    private final String label;

    ControllerInstall(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** Installs {@code flows} through {@code connection}; throws if the switch refuses or does not answer. */
    abstract void install(OfConnection connection, List<FlowMod> flows);

    /** A view of {@code flows} made into messages one at a time, as the stream consumes them. */
    private static Iterator<OfMessage> each(List<FlowMod> flows, Function<FlowMod, OfMessage> toMessage) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < flows.size();
            }

            @Override
            public OfMessage next() {
                if (next >= flows.size()) {
                    throw new NoSuchElementException();
                }
                return toMessage.apply(flows.get(next++));
            }
        };
    }

    private static void expectReply(OfMessage reply, BundleControlType expected) {
        if (!(reply instanceof BundleControl control) || control.controlType() != expected) {
            throw new IllegalStateException("expected a bundle " + expected + ", got " + reply);
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("switch refused the install: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("switch did not answer within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
