package io.appnet.controller.store;

import java.util.List;

/**
 * Where the controller keeps what must outlive it: app ID allocations, host subnet leases, policies and
 * external services. {@link #commit} is one transaction: when it returns, all of the write is durable (it
 * survives kill -9 of the JVM); when it throws, none of it happened. An interface so that a server database
 * can take the embedded one's place when the controller is clustered.
 */
public interface ControllerStore extends AutoCloseable {

    /** Everything stored, for a starting controller. */
    StoredState load();

    /** Applies the write atomically and durably; throws {@link StoreException} and changes nothing if refused. */
    void commit(StoreWrite write);

    /**
     * Applies the writes in order as one transaction (a group commit: one log append for many changes): when it
     * returns, all of them are durable; when it throws {@link StoreException}, none of them happened, even if only
     * one was refused. Each write is checked against the store as the writes before it leave it.
     */
    void commitAll(List<StoreWrite> writes);

    @Override
    void close();
}
