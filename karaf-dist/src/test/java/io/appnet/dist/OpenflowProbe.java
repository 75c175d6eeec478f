package io.appnet.dist;

import java.io.DataInputStream;
import io.appnet.ovs.harness.LabPki;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * Speaks the first message of an OpenFlow session to a listener and reads the header of its answer, without
 * using the project's codec: the bytes are the spec's (version, type, length, xid).
 */
final class OpenflowProbe {

    static final byte OFP13 = 0x04;
    static final byte OFPT_HELLO = 0;

    record Header(byte version, byte type, int length) {
    }

    private OpenflowProbe() {
    }

    /**
     * Sends an OpenFlow 1.3 HELLO to 127.0.0.1:{@code port} over TLS with a host's certificate from {@code pki}
     * (the southbound's default) and returns the header of the first reply.
     */
    static Header helloReply(int port, LabPki pki) throws IOException {
        try (Socket socket = LabPki.clientContext(pki.host("probe")).getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(ByteBuffer.allocate(8)
                    .put(OFP13).put(OFPT_HELLO).putShort((short) 8).putInt(1).array());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            return new Header(in.readByte(), in.readByte(), in.readUnsignedShort());
        }
    }
}
