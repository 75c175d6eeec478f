package io.appnet.controller.rest;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as the API sees it, independent of any server: the query's parameters (first value of
 * each), the headers by lower-case name, and the body, read only when a handler asks for it (after
 * authentication) and cut at the size limit ({@link #bodyTooLarge()}).
 */
public record HttpRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                          RequestBody content) {

    public HttpRequest {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    public static HttpRequest of(String method, String path, Map<String, String> query, Map<String, String> headers,
                                 byte[] body) {
        return new HttpRequest(method, path, query, headers, RequestBody.of(body));
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The body (empty if over the limit); reading it is the handler's decision, never the server's. */
    public byte[] body() {
        return content.bytes();
    }

    public boolean bodyTooLarge() {
        return content.tooLarge();
    }
}
