package io.appnet.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The load client reads answers as Jetty writes them: with a Content-Length, or chunked, one after another. */
class KeepAliveClientIT {

    private static InputStream wire(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void answersOnOneConnectionAreReadOneAfterAnother() throws IOException {
        InputStream in = wire("HTTP/1.1 200 OK\r\nServer-Timing: change;dur=1.250\r\nContent-Length: 2\r\n\r\n{}"
                + "HTTP/1.1 403 Forbidden\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\n{\"a\"\r\n3\r\n: 1\r\n1\r\n}\r\n0\r\n\r\n");

        KeepAliveClient.Answer first = KeepAliveClient.read(in);
        KeepAliveClient.Answer second = KeepAliveClient.read(in);

        assertThat(first).isEqualTo(new KeepAliveClient.Answer(200, Map.of("server-timing", "change;dur=1.250",
                "content-length", "2"), "{}"));
        assertThat(second.status()).isEqualTo(403);
        assertThat(second.body()).isEqualTo("{\"a\": 1}");
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void aConnectionClosedMidAnswerIsAnError() {
        assertThatThrownBy(() -> KeepAliveClient.read(wire("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{}")))
                .isInstanceOf(IOException.class).hasMessageContaining("2 of 5");
        assertThatThrownBy(() -> KeepAliveClient.read(wire("HTTP/1.1 200 OK\r\nContent-")))
                .isInstanceOf(IOException.class).hasMessageContaining("closed");
    }
}
