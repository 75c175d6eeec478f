package io.appnet.controller.bench;

/**
 * One timed install of the whole flow set.
 *
 * @param wallNanos from the first byte sent to the switch's last answer
 * @param switchCpuNanos CPU that ovs-vswitchd used meanwhile (10 ms resolution)
 * @param controllerCpuNanos CPU that the controller's JVM used meanwhile (ovs-ofctl's own CPU is not counted)
 */
record Measurement(String installer, long wallNanos, long switchCpuNanos, long controllerCpuNanos) {
    double wallMillis() {
        return wallNanos / 1e6;
    }
}
