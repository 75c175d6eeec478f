package io.appnet.controller.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between a switch and the controller that can stop reading what the controller sends, as a switch
 * whose receive window is full: after {@link #stallFirst()}, nothing more of the controller's is read on the
 * first connection (whose socket buffer is tiny, so the window closes at once), while everything the switch
 * sends, its echo requests included, still reaches the controller. Later connections relay both ways.
 */
final class StallingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress controller;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean firstStalled;
    private final List<Socket> first = new CopyOnWriteArrayList<>();

    StallingProxy(InetSocketAddress controller) throws IOException {
        this.controller = controller;
        this.server = new ServerSocket(0);
        Thread acceptor = new Thread(this::accept, "tb-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on the first connection's relay reads nothing more from the controller. */
    void stallFirst() {
        firstStalled = true;
    }

    /**
     * Closes the first connection, as the switch does once its own probe gives up; a stalled relay never reads,
     * so it would not notice the controller's close by itself.
     */
    void dropFirst() {
        first.forEach(StallingProxy::closeQuietly);
    }

    private void accept() {
        boolean isFirst = true;
        while (!server.isClosed()) {
            try {
                Socket fromSwitch = server.accept();
                Socket toController = new Socket();
                if (isFirst) {
                    toController.setReceiveBufferSize(4096); // before connect, so the window stays small
                    first.add(fromSwitch);
                    first.add(toController);
                }
                toController.connect(controller, 5000);
                sockets.add(fromSwitch);
                sockets.add(toController);
                relay(fromSwitch, toController, "tb-proxy-up", false);
                relay(toController, fromSwitch, "tb-proxy-down", isFirst);
                isFirst = false;
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket from, Socket to, String name, boolean stallable) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[stallable ? 512 : 8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                while (true) {
                    if (stallable && firstStalled && !from.isClosed()) {
                        Thread.sleep(10); // a switch that reads nothing: the window fills, the controller queues
                        continue;
                    }
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException ended) {
                // one side closed (or the test ended): close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(StallingProxy::closeQuietly);
    }
}
