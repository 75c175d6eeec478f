package io.appnet.controller.store;

/** A store that forgets everything with the JVM: for tests and for running without a data directory. */
public final class InMemoryStore implements ControllerStore {
    private StoredState state = StoredState.empty();

    @Override
    public synchronized StoredState load() {
        return state;
    }

    @Override
    public synchronized void commit(StoreWrite write) {
        state = StoreRules.apply(state, write);
    }

    @Override
    public void close() {
    }
}
