package io.appnet.controller.store;

import java.util.List;

/** A store that forgets everything with the JVM: for tests and for running without a data directory. */
public final class InMemoryStore implements ControllerStore {
    private StoreContents contents = new StoreContents(StoredState.empty()); // guarded by this

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
    public synchronized void commitAll(List<StoreWrite> writes) {
        StoreContents staged = new StoreContents(contents.snapshot());
        for (StoreWrite write : writes) {
            staged.check(write);
            staged.apply(write);
        }
        contents = staged;
    }

    @Override
    public void close() {
    }
}
