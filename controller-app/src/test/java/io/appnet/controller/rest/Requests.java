package io.appnet.controller.rest;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Requests as a client sends them: a path with its query string, a bearer token (or none) and a JSON body. */
final class Requests {

    private Requests() {
    }

    static HttpRequest of(String method, String path, String token, String body) {
        Map<String, String> query = new HashMap<>();
        String bare = path;
        if (path.contains("?")) {
            bare = path.substring(0, path.indexOf('?'));
            for (String pair : path.substring(path.indexOf('?') + 1).split("&")) {
                query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        Map<String, String> headers = token == null ? Map.of() : Map.of("authorization", "Bearer " + token);
        return HttpRequest.of(method, bare, query, headers,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }
}
