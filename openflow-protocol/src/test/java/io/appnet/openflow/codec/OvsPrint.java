package io.appnet.openflow.codec;

import io.appnet.openflow.message.OfMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code ovs-ofctl ofp-print}: Open vSwitch decoding raw message bytes, offline (no switch, no root). */
final class OvsPrint {
    private OvsPrint() {
    }

    static String of(OfMessage message) {
        return hex(hexOf(message));
    }

    static String hexOf(OfMessage message) {
        ByteBuf out = Unpooled.buffer();
        OfMessageCodec.encode(message, out);
        return ByteBufUtil.hexDump(out);
    }

    /** What OVS prints for the message in {@code hex}, stripped; ovs-ofctl's own log lines are turned off. */
    static String hex(String hex) {
        List<String> command = List.of("ovs-ofctl", "-vconsole:off", "-vsyslog:off", "ofp-print", hex);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("ovs-ofctl timed out: " + command);
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError("ovs-ofctl failed (" + p.exitValue() + "): " + command + "\n" + text);
            }
            return text.strip();
        } catch (IOException e) {
            throw new AssertionError("cannot run ovs-ofctl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
