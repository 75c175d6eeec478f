package io.appnet.controller.rest;

import io.appnet.controller.store.StoreUnavailableException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the API answers: a status, extra headers and a JSON body. */
public record HttpResponse(int status, Map<String, String> headers, String body) {
    private static final Logger LOG = LoggerFactory.getLogger(HttpResponse.class);

    public HttpResponse {
        headers = Map.copyOf(headers);
    }

    static HttpResponse json(int status, String body) {
        return new HttpResponse(status, Map.of(), body);
    }

    /** A plain-text answer (an export in ovs-ofctl syntax). */
    static HttpResponse text(int status, String body) {
        return new HttpResponse(status, Map.of("Content-Type", "text/plain; charset=utf-8"), body);
    }

    /** Policy-server's error body, byte for byte: {@code {"error": "<description>"}}. */
    public static HttpResponse error(int status, String description) {
        return json(status, "{\"error\": " + Json.quote(description) + "}");
    }

    /**
     * 503 for a change the store could not save (disk full, I/O error): nothing of it happened and the same request
     * may succeed later. The cause, with the store's path, goes to the log, not to the client.
     */
    static HttpResponse storeUnavailable(StoreUnavailableException cause) {
        LOG.warn("a change was refused because {}", cause.getMessage());
        return error(503, "the change could not be stored and nothing was changed; try again later");
    }
}
