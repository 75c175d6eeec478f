package io.appnet.controller.rest;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A request written as text, as the REST fuzz corpus keeps them: {@code METHOD path?query}, header lines
 * {@code name: value}, an empty line, the body. Read leniently, since the text is mutated: whatever the bytes,
 * some request comes out, as a servlet container would hand one over (query split on {@code &} and {@code =},
 * first value wins; header names in lower case). Token placeholders ({@code $ADMIN}...) in header values are
 * replaced by real tokens.
 */
final class RequestText {
    private static final byte[] HEAD_END = {'\n', '\n'};

    private RequestText() {
    }

    /** Where the body starts: after the first empty line, else at the end. */
    static int bodyStart(byte[] text) {
        int split = indexOf(text, HEAD_END);
        return split < 0 ? text.length : split + HEAD_END.length;
    }

    static HttpRequest parse(byte[] text, Map<String, String> tokens, boolean bodyTooLarge) {
        int split = indexOf(text, HEAD_END);
        String head = new String(text, 0, split < 0 ? text.length : split, StandardCharsets.ISO_8859_1);
        byte[] body = split < 0 ? new byte[0] : Arrays.copyOfRange(text, split + HEAD_END.length, text.length);
        String[] lines = head.split("\n", -1);
        String[] requestLine = lines[0].split(" ", 2);
        String target = requestLine.length > 1 ? requestLine[1] : "";
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        Map<String, String> query = new HashMap<>();
        if (question >= 0) {
            for (String pair : target.substring(question + 1).split("&")) {
                int equals = pair.indexOf('=');
                query.putIfAbsent(equals < 0 ? pair : pair.substring(0, equals), equals < 0 ? "" : pair.substring(equals + 1));
            }
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                String value = lines[i].substring(colon + 1).strip();
                for (Map.Entry<String, String> token : tokens.entrySet()) {
                    value = value.replace(token.getKey(), token.getValue());
                }
                headers.putIfAbsent(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), value);
            }
        }
        if (!bodyTooLarge) {
            return HttpRequest.of(requestLine[0], path, query, headers, body);
        }
        byte[] overLimit = Arrays.copyOf(body, body.length + 1);
        return new HttpRequest(requestLine[0], path, query, headers,
                RequestBody.reading(() -> new ByteArrayInputStream(overLimit), body.length));
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
