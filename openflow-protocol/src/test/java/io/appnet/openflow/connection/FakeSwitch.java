package io.appnet.openflow.connection;

import io.appnet.openflow.codec.OfMessageCodec;
import io.appnet.openflow.message.FeaturesReply;
import io.appnet.openflow.message.FeaturesRequest;
import io.appnet.openflow.message.Hello;
import io.appnet.openflow.message.OfMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A scripted switch over a real TCP (or TLS) socket, for edge cases real OVS will not produce on demand. */
public final class FakeSwitch implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public FakeSwitch(InetSocketAddress controller) throws IOException {
        this(controller, 0);
    }

    /** {@code receiveBuffer} > 0 fixes the socket's receive buffer (and so its TCP window) before connecting. */
    public FakeSwitch(InetSocketAddress controller, int receiveBuffer) throws IOException {
        this(tcp(controller, receiveBuffer));
    }

    private FakeSwitch(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(5000);
        in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
        out = socket.getOutputStream();
    }

    /**
     * A switch that speaks TLS over a TCP socket with the given receive buffer (> 0 fixes it), as {@code tls}
     * (its key, certificate and trust) allows; the TLS handshake is done when this returns.
     */
    public static FakeSwitch tls(InetSocketAddress controller, int receiveBuffer, SSLContext tls) throws IOException {
        Socket tcp = tcp(controller, receiveBuffer);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory()
                .createSocket(tcp, controller.getHostString(), controller.getPort(), true);
        socket.setSoTimeout(5000);
        socket.startHandshake();
        return new FakeSwitch(socket);
    }

    private static Socket tcp(InetSocketAddress controller, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(controller);
        return socket;
    }

    /** Connects and completes the handshake as an OpenFlow 1.3 switch with the given datapath id. */
    public static FakeSwitch connected(InetSocketAddress controller, long dpid) throws IOException {
        return connected(new FakeSwitch(controller), dpid);
    }

    public static FakeSwitch connected(FakeSwitch sw, long dpid) throws IOException {
        sw.send(Hello.of13(1));
        sw.expect(Hello.class);
        FeaturesRequest request = sw.expect(FeaturesRequest.class);
        sw.send(new FeaturesReply(request.xid(), dpid, 0, 254, 0, 0x4f));
        return sw;
    }

    public void send(OfMessage message) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        OfMessageCodec.encode(message, buf);
        sendRaw(io.netty.buffer.ByteBufUtil.getBytes(buf));
        buf.release();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next message, or null when the controller closed the connection. */
    public OfMessage receive() throws IOException {
        byte[] header = new byte[8];
        try {
            in.readFully(header);
        } catch (EOFException e) {
            return null;
        }
        int length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        byte[] frame = new byte[length];
        System.arraycopy(header, 0, frame, 0, 8);
        in.readFully(frame, 8, length - 8);
        return OfMessageCodec.decode(Unpooled.wrappedBuffer(frame));
    }

    public <T extends OfMessage> T expect(Class<T> type) throws IOException {
        OfMessage message = receive();
        if (!type.isInstance(message)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + message);
        }
        return type.cast(message);
    }

    /** True once the controller has closed the connection (reads until end of stream or timeout). */
    public boolean closedByPeer() throws IOException {
        try {
            while (receive() != null) {
                // drain what the controller sent before closing
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
