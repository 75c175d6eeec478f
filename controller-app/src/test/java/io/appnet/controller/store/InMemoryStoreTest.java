package io.appnet.controller.store;

class InMemoryStoreTest extends StoreContract {
    private final InMemoryStore store = new InMemoryStore();

    @Override
    ControllerStore store() {
        return store;
    }
}
