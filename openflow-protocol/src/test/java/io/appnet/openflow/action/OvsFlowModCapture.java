package io.appnet.openflow.action;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Lets Open vSwitch encode a flow: runs {@code ovs-ofctl -O OpenFlow13 add-flow unix:SOCKET FLOW} against a
 * minimal fake switch on a Unix socket in a temporary directory, answers its HELLO and BARRIER, and returns the
 * FLOW_MOD it sent. No OVS daemon or root needed.
 */
final class OvsFlowModCapture {
    private static final int OFPT_HELLO = 0;
    private static final int OFPT_FLOW_MOD = 14;
    private static final int OFPT_BARRIER_REQUEST = 20;
    private static final int OFPT_BARRIER_REPLY = 21;

    private OvsFlowModCapture() {
    }

    static byte[] flowMod(String flow) {
        Path dir = null;
        Process ofctl = null;
        try {
            dir = Files.createTempDirectory("ofctl-capture");
            Path socket = dir.resolve("switch.sock");
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socket));
                ofctl = new ProcessBuilder(List.of("ovs-ofctl", "--no-names", "-O", "OpenFlow13", "add-flow",
                        "unix:" + socket, flow)).redirectErrorStream(true).start();
                ofctl.getOutputStream().close();
                byte[] flowMod = null;
                try (SocketChannel peer = server.accept()) {
                    while (true) {
                        byte[] message = readMessage(peer);
                        int type = message[1] & 0xff;
                        if (type == OFPT_HELLO) {
                            reply(peer, OFPT_HELLO, message);
                        } else if (type == OFPT_FLOW_MOD) {
                            flowMod = message;
                        } else if (type == OFPT_BARRIER_REQUEST) {
                            reply(peer, OFPT_BARRIER_REPLY, message);
                            break;
                        }
                    }
                }
                if (!ofctl.waitFor(30, TimeUnit.SECONDS) || ofctl.exitValue() != 0 || flowMod == null) {
                    throw new AssertionError("ovs-ofctl add-flow failed for " + flow + ": "
                            + new String(ofctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                }
                return flowMod;
            }
        } catch (IOException e) {
            throw new AssertionError("capturing ovs-ofctl's flow-mod for " + flow, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            if (ofctl != null) {
                ofctl.destroyForcibly();
            }
            if (dir != null) {
                try {
                    Files.deleteIfExists(dir.resolve("switch.sock"));
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a leftover empty temp directory is harmless
                }
            }
        }
    }

    private static byte[] readMessage(SocketChannel peer) throws IOException {
        ByteBuffer header = readFully(peer, 8);
        int length = header.getShort(2) & 0xffff;
        if (length < 8) {
            throw new IOException("message length " + length);
        }
        ByteBuffer message = ByteBuffer.allocate(length);
        message.put(header.array());
        message.put(readFully(peer, length - 8).array());
        return message.array();
    }

    private static ByteBuffer readFully(SocketChannel peer, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (peer.read(b) < 0) {
                throw new IOException("ovs-ofctl closed the connection");
            }
        }
        b.flip();
        return b;
    }

    /** A bodiless OF1.3 reply with the request's xid. */
    private static void reply(SocketChannel peer, int type, byte[] request) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8);
        b.put((byte) 4).put((byte) type).putShort((short) 8).put(request, 4, 4);
        b.flip();
        while (b.hasRemaining()) {
            peer.write(b);
        }
    }
}
