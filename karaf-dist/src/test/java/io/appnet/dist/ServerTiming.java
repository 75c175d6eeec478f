package io.appnet.dist;

import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The controller's own time for a change, from its {@code Server-Timing: change;dur=<ms>} header. */
final class ServerTiming {
    private static final Pattern CHANGE = Pattern.compile("change;dur=([0-9.]+)");

    private ServerTiming() {
    }

    /** The change's duration in the controller, in ms; empty for an answer without the header. */
    static Optional<Double> changeMillis(HttpResponse<?> response) {
        return changeMillis(response.headers().firstValue("Server-Timing"));
    }

    /** As above, from the header's value. */
    static Optional<Double> changeMillis(Optional<String> header) {
        return header.map(CHANGE::matcher).filter(Matcher::matches).map(timing -> Double.parseDouble(timing.group(1)));
    }
}
