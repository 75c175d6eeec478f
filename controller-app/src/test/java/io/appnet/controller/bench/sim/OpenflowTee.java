package io.appnet.controller.bench.sim;

import io.appnet.openflow.codec.OfMessageCodec;
import io.appnet.openflow.message.OfMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Sits between one real switch and the controller and feeds the simulator the same run: every message the
 * controller sends reaches the real switch unchanged and is also answered by a {@link SimSwitch}; what the
 * real switch sends is forwarded to the controller. Both sides' answers are recorded. Messages the test injects
 * ({@link #inject}) carry xids from {@link #INJECTED_XIDS} on; answers to those reach both recordings but not
 * the controller. Accepts one switch connection. For the simulator's validation test only.
 */
final class OpenflowTee implements AutoCloseable {
    static final int INJECTED_XIDS = 0x7f000000;

    private final ServerSocket listener;
    private final InetSocketAddress controller;
    private final SimSwitch simulator;
    private final List<OfMessage> switchAnswers = new ArrayList<>();
    private final List<OfMessage> simulatorAnswers = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private volatile OutputStream toSwitch;
    private volatile boolean frozen;

    OpenflowTee(InetSocketAddress controller, SimSwitch simulator) throws IOException {
        this.listener = new ServerSocket(0);
        this.controller = controller;
        this.simulator = simulator;
        Thread accept = new Thread(this::accept, "openflow-tee");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Sends {@code message} to the real switch and to the simulator, as if the controller had. */
    void inject(OfMessage message) throws IOException {
        byte[] bytes = encode(message);
        synchronized (this) {
            toSwitch.write(bytes);
            toSwitch.flush();
            simulatorAnswers.addAll(simulator.answer(message));
        }
    }

    /** From now on what the controller sends is dropped, so both recordings can be compared at one point. */
    void freeze() {
        frozen = true;
    }

    synchronized List<OfMessage> switchAnswers() {
        return List.copyOf(switchAnswers);
    }

    synchronized List<OfMessage> simulatorAnswers() {
        return List.copyOf(simulatorAnswers);
    }

    private void accept() {
        try {
            Socket fromSwitch = listener.accept();
            Socket toController = new Socket(controller.getAddress(), controller.getPort());
            sockets.add(fromSwitch);
            sockets.add(toController);
            toSwitch = fromSwitch.getOutputStream();
            pump(new DataInputStream(fromSwitch.getInputStream()), toController.getOutputStream(), true);
            pump(new DataInputStream(toController.getInputStream()), toSwitch, false);
        } catch (IOException closed) {
            // the test is over
        }
    }

    private void pump(DataInputStream in, OutputStream out, boolean fromSwitch) {
        Thread pump = new Thread(() -> {
            try {
                while (true) {
                    byte[] frame = frame(in);
                    OfMessage message = OfMessageCodec.decode(frame);
                    synchronized (this) {
                        if (fromSwitch) {
                            switchAnswers.add(message);
                            if (Integer.compareUnsigned(message.xid(), INJECTED_XIDS) >= 0) {
                                continue;
                            }
                        } else if (frozen) {
                            continue;
                        } else {
                            simulatorAnswers.addAll(simulator.answer(message));
                        }
                        out.write(frame);
                        out.flush();
                    }
                }
            } catch (IOException closed) {
                // either side closed
            }
        }, "openflow-tee-" + (fromSwitch ? "up" : "down"));
        pump.setDaemon(true);
        pump.start();
    }

    private static byte[] frame(DataInputStream in) throws IOException {
        byte[] header = new byte[8];
        in.readFully(header);
        int length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        if (length < 8) {
            throw new EOFException("bad OpenFlow length " + length);
        }
        byte[] frame = new byte[length];
        System.arraycopy(header, 0, frame, 0, 8);
        in.readFully(frame, 8, length - 8);
        return frame;
    }

    private static byte[] encode(OfMessage message) {
        ByteBuf buf = Unpooled.buffer();
        try {
            OfMessageCodec.encode(message, buf);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
