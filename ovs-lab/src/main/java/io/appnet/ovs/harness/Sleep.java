package io.appnet.ovs.harness;

/** Polling pause that keeps the interrupt flag for the caller. */
final class Sleep {

    private Sleep() {
    }

    static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException("interrupted while waiting");
        }
    }
}
