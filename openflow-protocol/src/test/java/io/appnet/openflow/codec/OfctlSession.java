package io.appnet.openflow.codec;

import io.appnet.openflow.message.BarrierReply;
import io.appnet.openflow.message.BarrierRequest;
import io.appnet.openflow.message.EchoReply;
import io.appnet.openflow.message.EchoRequest;
import io.appnet.openflow.message.FeaturesReply;
import io.appnet.openflow.message.FeaturesRequest;
import io.appnet.openflow.message.Hello;
import io.appnet.openflow.message.OfMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Plays the switch for one {@code ovs-ofctl -O OpenFlow13 ...} run (the argument {@link #SWITCH} becomes the
 * Unix socket this class listens on), with this codec on both
 * directions: every message ovs-ofctl sends is decoded by {@link OfMessageCodec}, and every answer is encoded
 * by it, so ovs-ofctl's output shows how Open vSwitch reads our replies. Handshake, echo and barrier are
 * answered here; {@code answer} answers the rest. No OVS daemon or root needed.
 */
final class OfctlSession {
    /** What ovs-ofctl sent, as bytes and decoded, and printed. */
    record Result(List<byte[]> frames, List<OfMessage> received, String output) {
        <T extends OfMessage> List<T> received(Class<T> type) {
            return received.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    /** Stands for the switch in the arguments of {@link #run}. */
    static final String SWITCH = "<switch>";

    private OfctlSession() {
    }

    static Result run(Function<OfMessage, List<OfMessage>> answer, String... args) {
        Path dir = null;
        Process ofctl = null;
        try {
            dir = Files.createTempDirectory("ofctl-session");
            Path socket = dir.resolve("switch.sock");
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socket));
                List<String> argv = new ArrayList<>(List.of("ovs-ofctl", "-vconsole:off", "-vsyslog:off",
                        "--no-names", "-O", "OpenFlow13"));
                for (String arg : args) {
                    argv.add(arg.equals(SWITCH) ? "unix:" + socket : arg);
                }
                ofctl = new ProcessBuilder(argv).redirectErrorStream(true).start();
                ofctl.getOutputStream().close();
                List<byte[]> frames = new ArrayList<>();
                List<OfMessage> received = new ArrayList<>();
                try (SocketChannel peer = server.accept()) {
                    serve(peer, answer, frames, received);
                }
                if (!ofctl.waitFor(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("ovs-ofctl did not finish: " + argv);
                }
                String output = new String(ofctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (ofctl.exitValue() != 0) {
                    throw new AssertionError("ovs-ofctl failed (" + ofctl.exitValue() + "): " + argv + "\n" + output);
                }
                return new Result(List.copyOf(frames), List.copyOf(received), output.strip());
            }
        } catch (IOException e) {
            throw new AssertionError("ovs-ofctl session " + List.of(args), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            if (ofctl != null) {
                ofctl.destroyForcibly();
            }
            deleteQuietly(dir);
        }
    }

    /** Until ovs-ofctl hangs up: decode, record, answer. */
    private static void serve(SocketChannel peer, Function<OfMessage, List<OfMessage>> answer, List<byte[]> frames,
            List<OfMessage> received) throws IOException {
        while (true) {
            byte[] frame = readMessage(peer);
            if (frame == null) {
                return;
            }
            OfMessage message = OfMessageCodec.decode(Unpooled.wrappedBuffer(frame));
            frames.add(frame);
            received.add(message);
            List<OfMessage> replies;
            if (message instanceof Hello) {
                replies = List.of(Hello.of13(message.xid()));
            } else if (message instanceof EchoRequest echo) {
                replies = List.of(new EchoReply(echo.xid(), echo.payload()));
            } else if (message instanceof BarrierRequest) {
                replies = List.of(new BarrierReply(message.xid()));
            } else if (message instanceof FeaturesRequest) {
                replies = List.of(new FeaturesReply(message.xid(), 0xabcdL, 0, 254, 0, 0x4f));
            } else {
                replies = answer.apply(message);
            }
            for (OfMessage reply : replies) {
                ByteBuf out = Unpooled.buffer();
                OfMessageCodec.encode(reply, out);
                ByteBuffer bytes = out.nioBuffer();
                while (bytes.hasRemaining()) {
                    peer.write(bytes);
                }
            }
        }
    }

    /** One whole message, or null when the peer closed the connection between messages. */
    private static byte[] readMessage(SocketChannel peer) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(8);
        if (!readFully(peer, header)) {
            return null;
        }
        int length = header.getShort(2) & 0xffff;
        if (length < 8) {
            throw new IOException("message length " + length);
        }
        ByteBuffer message = ByteBuffer.allocate(length);
        message.put(header.array());
        if (!readFully(peer, message)) {
            throw new IOException("ovs-ofctl closed the connection inside a message");
        }
        return message.array();
    }

    private static boolean readFully(SocketChannel peer, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (peer.read(buffer) < 0) {
                return false;
            }
        }
        return true;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve("switch.sock"));
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // an empty temporary directory left behind is harmless
        }
    }
}
