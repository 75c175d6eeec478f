package io.appnet.controller.store;

/** A write the store refused (a conflict with what it holds) or could not make durable; nothing changed. */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
