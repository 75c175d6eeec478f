package io.appnet.controller.policy;

/** A create would give a source app more policies than the caller's quota; nothing was changed. */
public final class QuotaExceededException extends RuntimeException {
    public QuotaExceededException(int perSourceQuota) {
        super("policy quota exceeded (" + perSourceQuota + " per source app)");
    }
}
