package io.appnet.controller.rest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The API's one JSON mapper. */
final class Json {
    /** Refuses anything after the document, as policy-server's Go decoder does ("invalid character ... after"). */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    static String quote(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * Why a body is not JSON, for a client: the parser's words and where ({@code at line 1, column 21}), without
     * the parser's own notation for the source.
     */
    static String malformed(JsonProcessingException malformed) {
        String message = malformed.getOriginalMessage().startsWith("Trailing token")
                ? "text after the JSON document" : malformed.getOriginalMessage()
                .replaceAll(" ?\\(start marker at \\[Source: [^]]*?line: (\\d+), column: (\\d+)\\]\\)",
                        " (opened at line $1, column $2)");
        JsonLocation at = malformed.getLocation();
        return at == null ? message : message + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
        }
    }
}
