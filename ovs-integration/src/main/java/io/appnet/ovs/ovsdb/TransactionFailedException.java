package io.appnet.ovs.ovsdb;

/**
 * The host refused a transaction, so none of it took effect: {@code operationIndex} is the failing operation
 * (0-based), or -1 when the request as a whole or its commit failed. {@code error} is OVSDB's error string
 * ("constraint violation", "timed out", ...).
 */
public final class TransactionFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int operationIndex;
    private final String error;

    public TransactionFailedException(int operationIndex, String error, String message) {
        super(message);
        this.operationIndex = operationIndex;
        this.error = error;
    }

    public int operationIndex() {
        return operationIndex;
    }

    public String error() {
        return error;
    }
}
