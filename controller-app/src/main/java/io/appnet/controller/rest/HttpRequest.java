package io.appnet.controller.rest;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as the API sees it, independent of any server: the query's parameters (first value of
 * each), the headers by lower-case name, and the body, already cut at the size limit ({@code bodyTooLarge}).
 */
public record HttpRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                          byte[] body, boolean bodyTooLarge) {

    public HttpRequest {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    public static HttpRequest of(String method, String path, Map<String, String> query, Map<String, String> headers,
                                 byte[] body) {
        return new HttpRequest(method, path, query, headers, body, false);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
