package io.appnet.openflow.action;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code ovs-ofctl} (no switch needed) as the oracle for our bytes and texts. */
final class OvsOfctl {
    private static final int FLOW_MOD_FIXED_LENGTH = 48;

    private OvsOfctl() {
    }

    /**
     * Hand-assembles an OF1.3 OFPT_FLOW_MOD (ADD, table 0, priority 0x8000, no buffer, out_port/out_group ANY)
     * with a match of the given OXM TLVs and the given instruction bytes.
     */
    static byte[] flowMod(String matchOxmHex, byte[] instructions) {
        byte[] oxm = ByteBufUtil.decodeHexDump(matchOxmHex);
        int matchLength = 4 + oxm.length;
        int paddedMatch = (matchLength + 7) & ~7;
        ByteBuf b = Unpooled.buffer();
        b.writeByte(4).writeByte(14).writeShort(FLOW_MOD_FIXED_LENGTH + paddedMatch + instructions.length);
        b.writeInt(1); // xid
        b.writeLong(0).writeLong(0); // cookie, cookie_mask
        b.writeByte(0).writeByte(0); // table_id, OFPFC_ADD
        b.writeShort(0).writeShort(0).writeShort(0x8000); // idle, hard timeouts, priority
        b.writeInt(-1).writeInt(-1).writeInt(-1); // buffer_id, out_port, out_group
        b.writeShort(0).writeZero(2); // flags, pad
        b.writeShort(1).writeShort(matchLength).writeBytes(oxm).writeZero(paddedMatch - matchLength);
        b.writeBytes(instructions);
        return ByteBufUtil.getBytes(b);
    }

    /** What {@code ovs-ofctl ofp-print} prints after {@code actions=} for the flow-mod; fails on a decode error. */
    static String printedActions(byte[] flowMod) {
        String out = run(List.of("ovs-ofctl", "ofp-print", ByteBufUtil.hexDump(flowMod)));
        return afterActions(out);
    }

    /** What {@code ovs-ofctl -O OpenFlow13 parse-flow} prints after {@code actions=} for a flow text. */
    static String parsedActions(String flow) {
        return afterActions(run(List.of("ovs-ofctl", "-O", "OpenFlow13", "parse-flow", flow)));
    }

    private static String afterActions(String out) {
        String firstLine = out.lines().filter(l -> l.contains(" actions=")).findFirst()
                .orElseThrow(() -> new AssertionError("ovs-ofctl printed no actions:\n" + out));
        return firstLine.substring(firstLine.indexOf(" actions=") + " actions=".length()).strip();
    }

    static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("ovs-ofctl did not finish: " + command);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0 || out.contains("decode error") || out.contains("|WARN|")) {
                throw new AssertionError("ovs-ofctl refused (exit " + p.exitValue() + "): " + command + "\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run ovs-ofctl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
