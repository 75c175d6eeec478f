package io.appnet.controller.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A URL query string's parameters, first value of each, decoded; a malformed escape is the client's error. */
public final class QueryString {
    private QueryString() {
    }

    /** The client sent a query string that does not decode. */
    public static final class MalformedQueryException extends IllegalArgumentException {
        MalformedQueryException(String message) {
            super(message);
        }
    }

    /** @throws MalformedQueryException naming the parameter whose {@code %} escape is malformed */
    public static Map<String, String> parse(String queryString) {
        Map<String, String> query = new HashMap<>();
        if (queryString == null || queryString.isEmpty()) {
            return query;
        }
        for (String pair : queryString.split("&")) {
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            String name = decode(rawName, rawName);
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), name);
            query.putIfAbsent(name, value);
        }
        return query;
    }

    private static String decode(String text, String parameter) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw new MalformedQueryException("invalid query parameter '" + abbreviate(parameter)
                    + "': malformed % escape");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
