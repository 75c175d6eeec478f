package io.appnet.controller.store;

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

    @Override
    void close();
}
