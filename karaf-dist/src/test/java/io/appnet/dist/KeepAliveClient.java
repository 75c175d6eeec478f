package io.appnet.dist;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A lean HTTP/1.1 client for the load campaign: {@code connections} threads, each with its own keep-alive socket,
 * writing a request whole and reading its answer with blocking I/O. The JDK's {@code HttpClient} spent 1.3 ms of
 * CPU a request on the 2 cores the controller and its 200 Open vSwitch daemons share (36% of a core at 277
 * requests/s); this client spends a fraction of that, so the campaign measures the controller rather than its client.
 */
final class KeepAliveClient implements AutoCloseable {

    /** An answer: its status, its headers (names in lower case) and its body. */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    private final InetSocketAddress server;
    private final ExecutorService threads;
    private final ThreadLocal<Connection> connection = new ThreadLocal<>();

    KeepAliveClient(int port, int connections) {
        this.server = new InetSocketAddress("127.0.0.1", port);
        this.threads = Executors.newFixedThreadPool(connections, runnable -> {
            Thread thread = new Thread(runnable, "load-client");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Sends on the next free connection (reopened if the server closed it); fails with the I/O error. */
    CompletableFuture<Answer> send(String method, String path, String token, String body) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return current().exchange(method, path, token, body);
            } catch (IOException e) {
                closeCurrent();
                throw new UncheckedIOException(e);
            }
        }, threads);
    }

    private Connection current() throws IOException {
        Connection open = connection.get();
        if (open == null) {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(server);
            open = new Connection(socket);
            connection.set(open);
        }
        return open;
    }

    private void closeCurrent() {
        Connection open = connection.get();
        connection.remove();
        if (open != null) {
            try {
                open.socket.close();
            } catch (IOException ignored) {
                // a broken connection is dropped either way
            }
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    /** A connected socket and its streams; used by one thread. */
    private static final class Connection {
        final Socket socket;
        final OutputStream out;
        final InputStream in;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream());
        }

        Answer exchange(String method, String path, String token, String body) throws IOException {
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            byte[] head = (method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + content.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] request = new byte[head.length + content.length];
            System.arraycopy(head, 0, request, 0, head.length);
            System.arraycopy(content, 0, request, head.length, content.length);
            out.write(request);
            out.flush();
            return read(in);
        }
    }

    /** One answer: status line, headers, then a body of Content-Length bytes or in chunks. */
    static Answer read(InputStream in) throws IOException {
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + status);
        }
        Map<String, String> headers = new HashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                body.write(in.readNBytes(size));
                line(in);
            }
            for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                // trailers: none expected
            }
        } else {
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] bytes = in.readNBytes(length);
            if (bytes.length < length) {
                throw new IOException("connection closed after " + bytes.length + " of " + length + " body bytes");
            }
            body.write(bytes);
        }
        return new Answer(Integer.parseInt(parts[1]), headers, body.toString(StandardCharsets.UTF_8));
    }

    private static int chunkSize(String line) {
        int extension = line.indexOf(';');
        return Integer.parseInt((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
    }

    /** A line without its CRLF; fails if the connection ends first. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed by the server");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
