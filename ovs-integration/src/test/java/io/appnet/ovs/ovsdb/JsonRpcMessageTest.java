package io.appnet.ovs.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Messages are classified as OVS's lib/jsonrpc.c does, and anything that fits no kind is refused. */
class JsonRpcMessageTest {

    private static JsonRpcMessage parse(String json) {
        return JsonRpcMessage.parse(Fixtures.parse(json));
    }

    @Test
    void classifiesTheRecordedMessages() {
        assertThat(JsonRpcMessage.parse(Fixtures.json("host-echo")))
                .isEqualTo(new JsonRpcMessage.Request(Fixtures.parse("\"echo\""), "echo", OvsdbJson.NODES.arrayNode()));
        assertThat(JsonRpcMessage.parse(Fixtures.json("monitor-reply"))).isInstanceOf(JsonRpcMessage.Reply.class);
        JsonRpcMessage update = JsonRpcMessage.parse(Fixtures.json("update-subnet-set"));
        assertThat(update).isInstanceOf(JsonRpcMessage.Notification.class);
        assertThat(((JsonRpcMessage.Notification) update).method()).isEqualTo("update");
    }

    @Test
    void anErrorReplyCarriesTheError() {
        JsonRpcMessage message = parse("{\"id\": 4, \"result\": null, \"error\": \"unknown method\"}");
        assertThat(message).isEqualTo(new JsonRpcMessage.ErrorReply(Fixtures.parse("4"), Fixtures.parse("\"unknown method\"")));
    }

    @Test
    void writesWhatOvsWrites() {
        assertThat(JsonRpcMessage.toJson(new JsonRpcMessage.Reply(Fixtures.parse("\"echo\""), OvsdbJson.NODES.arrayNode())))
                .isEqualTo(Fixtures.parse("{\"result\": [], \"error\": null, \"id\": \"echo\"}"));
        assertThat(JsonRpcMessage.toJson(new JsonRpcMessage.Request(Fixtures.parse("7"), "echo", OvsdbJson.NODES.arrayNode())))
                .isEqualTo(Fixtures.parse("{\"method\": \"echo\", \"params\": [], \"id\": 7}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[]",
        "\"echo\"",
        "{}",
        "{\"id\": 1}",
        "{\"method\": 5, \"params\": [], \"id\": 1}",
        "{\"method\": \"echo\", \"params\": {}, \"id\": 1}",
        "{\"method\": \"echo\", \"id\": 1}",
        "{\"method\": \"echo\", \"params\": [], \"id\": 1, \"jsonrpc\": \"2.0\"}",
        "{\"result\": {}, \"error\": \"both\", \"id\": 1}",
        "{\"result\": {}, \"id\": null}",
        "{\"result\": {}, \"method\": \"update\", \"params\": [], \"id\": 1}",
        "{\"error\": \"e\", \"id\": null}",
    })
    void refusesMalformedMessages(String json) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(OvsdbProtocolException.class);
    }
}
