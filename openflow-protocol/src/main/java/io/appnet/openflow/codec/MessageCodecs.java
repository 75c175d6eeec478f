package io.appnet.openflow.codec;

import java.util.List;

/** Codecs of the remaining message types (flow-mod, multipart, packet-in/out, ...). */
final class MessageCodecs {
    private MessageCodecs() {
    }

    static List<BodyCodec<?>> all() {
        return List.of();
    }
}
