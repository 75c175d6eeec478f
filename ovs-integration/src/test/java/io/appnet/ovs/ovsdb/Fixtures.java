package io.appnet.ovs.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON-RPC messages recorded from a lab host (Open vSwitch 3.1) by a socket client that sent our monitor
 * request: the monitor reply, then the updates for a container attached by the harness, its ofport, a
 * flow-based VXLAN port added with ovs-vsctl, its ofport, external_ids:appnet-subnet set, the container
 * removed; and the host's echo request.
 */
final class Fixtures {

    static final String OPEN_VSWITCH_UUID = "98f5a529-18ed-477d-b714-4f244b5a0f52";
    static final String BR_INT_UUID = "754f6c59-9ea9-4a0b-9a54-a86cf768346a";
    static final String BR_INT_PORT_UUID = "5b3c6e29-4ecc-4250-8a2a-3b9497b45024";
    static final String CONTAINER_PORT_UUID = "27532bd5-9281-4eac-b291-cf24988f6bf3";
    static final String CONTAINER_INTERFACE_UUID = "9b6f59e9-f7b3-4dd0-a7c4-f90504978614";

    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String name) {
        return parse(text(name));
    }

    static JsonNode parse(String json) {
        try {
            return OvsdbJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table-updates of the monitor reply. */
    static TableUpdates initialRows() {
        return TableUpdates.parse(json("monitor-reply").get("result"));
    }

    /** The table-updates of a recorded update notification. */
    static TableUpdates update(String name) {
        return TableUpdates.parse(json(name).get("params").get(1));
    }
}
