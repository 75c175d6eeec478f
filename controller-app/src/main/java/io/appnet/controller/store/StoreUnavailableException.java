package io.appnet.controller.store;

/**
 * The store could not make a write durable (disk full, file system read-only, I/O error): not a refusal of the
 * write's content, and nothing of it happened. The same write may succeed once the cause is gone.
 */
public final class StoreUnavailableException extends StoreException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
