package io.appnet.openflow.action;

/**
 * OFPAT_OUTPUT: send the packet out of a port.
 *
 * @param port a physical port or one of {@link OfPorts#IN_PORT} .. {@link OfPorts#LOCAL}
 * @param maxLen bytes of the packet sent to the controller when {@code port} is CONTROLLER
 */
public record Output(long port, int maxLen) implements Action {
    public Output {
        if (!OfPorts.isOutputPort(port)) {
            throw new IllegalArgumentException("output port 0x" + Long.toHexString(port)
                    + " is neither a physical port (below 0xffffff00) nor IN_PORT..LOCAL");
        }
        if (maxLen < 0 || maxLen > 0xffff) {
            throw new IllegalArgumentException("output max_len " + maxLen + " is outside 0..65535");
        }
    }

    @Override
    public String toOvsText() {
        if (port == OfPorts.CONTROLLER) {
            return "CONTROLLER:" + maxLen;
        }
        return port < OfPorts.MAX ? "output:" + port : OfPorts.toOvsText(port);
    }
}
