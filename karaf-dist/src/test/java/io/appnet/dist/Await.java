package io.appnet.dist;

import java.time.Duration;
import java.time.Instant;

/** Polls a condition every 200 ms until it holds, or fails naming what did not happen in time. */
final class Await {

    interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    static void until(Condition condition, String what, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(200);
        }
    }
}
