package io.appnet.controller.store;

/** A store that forgets everything with the JVM: for tests and for running without a data directory. */
public final class InMemoryStore implements ControllerStore {
    private final StoreContents contents = new StoreContents(StoredState.empty());

    @Override
    public synchronized StoredState load() {
        return contents.snapshot();
    }

    @Override
    public synchronized void commit(StoreWrite write) {
        contents.check(write);
        contents.apply(write);
    }

    @Override
    public void close() {
    }
}
