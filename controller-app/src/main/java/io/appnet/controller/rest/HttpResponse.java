package io.appnet.controller.rest;

import io.appnet.controller.store.StoreUnavailableException;
import java.util.Locale;
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

    /**
     * Policy-server's {@code {}} for a change, with a W3C {@code Server-Timing} header saying how long the change
     * took inside the controller: from the policy service call to the barrier of every affected switch (or the
     * end of the wait for them), in milliseconds. A client subtracts it from its own time to see what HTTP cost.
     */
    static HttpResponse changed(long nanos) {
        return new HttpResponse(200, Map.of("Server-Timing", String.format(Locale.ROOT, "change;dur=%.3f", nanos / 1e6)),
                "{}");
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
