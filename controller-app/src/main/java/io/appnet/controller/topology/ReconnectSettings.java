package io.appnet.controller.topology;

/**
 * What the controller asks of a host's Manager and Controller rows that point at it. {@code maxBackoffMillis}:
 * the longest wait between OVS's reconnect attempts (OVS's default is 8 s, so a restarted controller could wait
 * up to 8 s for each host; 1 s makes a restart cost about a second). {@code inactivityProbeMillis}: after this
 * long without a message OVS probes the connection and drops it after as long again (OVS's default, 5 s, made
 * explicit so it is what the controller documents).
 */
public record ReconnectSettings(long maxBackoffMillis, long inactivityProbeMillis) {
    /** OVS's lower bounds: max_backoff at least 1000 ms, inactivity_probe 0 (off) or at least 1000 ms. */
    public ReconnectSettings {
        if (maxBackoffMillis < 1000) {
            throw new IllegalArgumentException("max_backoff must be at least 1000 ms, not " + maxBackoffMillis);
        }
        if (inactivityProbeMillis != 0 && inactivityProbeMillis < 1000) {
            throw new IllegalArgumentException("inactivity_probe must be 0 (off) or at least 1000 ms, not "
                    + inactivityProbeMillis);
        }
    }

    public static ReconnectSettings defaults() {
        return new ReconnectSettings(1000, 5000);
    }
}
