package io.appnet.controller.rest;

import java.util.Map;

/** What the API answers: a status, extra headers and a JSON body. */
public record HttpResponse(int status, Map<String, String> headers, String body) {

    public HttpResponse {
        headers = Map.copyOf(headers);
    }

    static HttpResponse json(int status, String body) {
        return new HttpResponse(status, Map.of(), body);
    }

    /** Policy-server's error body, byte for byte: {@code {"error": "<description>"}}. */
    static HttpResponse error(int status, String description) {
        return json(status, "{\"error\": " + Json.quote(description) + "}");
    }
}
