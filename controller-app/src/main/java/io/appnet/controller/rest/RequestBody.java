package io.appnet.controller.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A request body read only when a handler asks for it, which is after authentication: an anonymous client
 * cannot make the server read (or buffer) anything. Read once, at most {@code limit} bytes; a longer body is
 * {@link #tooLarge()} and reads as empty.
 */
public final class RequestBody {
    /** The stream a server hands over, opened only on the first read. */
    public interface Source {
        InputStream open() throws IOException;
    }

    private final Source source;
    private final int limit;
    private byte[] bytes; // guarded by this
    private boolean tooLarge; // guarded by this

    private RequestBody(Source source, int limit) {
        this.source = source;
        this.limit = limit;
    }

    public static RequestBody reading(Source source, int limit) {
        return new RequestBody(source, limit);
    }

    public static RequestBody of(byte[] bytes) {
        RequestBody body = new RequestBody(() -> InputStream.nullInputStream(), bytes.length);
        body.bytes = bytes.clone();
        return body;
    }

    /** The body, empty when it is over the limit; read from the source on the first call. */
    public synchronized byte[] bytes() {
        if (bytes == null) {
            try (InputStream in = source.open()) {
                byte[] read = in.readNBytes(limit + 1);
                tooLarge = read.length > limit;
                bytes = tooLarge ? new byte[0] : read;
            } catch (IOException unreadable) {
                throw new UncheckedIOException("failed reading request body", unreadable);
            }
        }
        return bytes;
    }

    public synchronized boolean tooLarge() {
        bytes();
        return tooLarge;
    }

    /** Whether anything has been read yet (for tests: an unauthenticated request reads nothing). */
    public synchronized boolean read() {
        return bytes != null;
    }
}
