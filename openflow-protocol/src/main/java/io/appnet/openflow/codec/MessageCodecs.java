package io.appnet.openflow.codec;

import java.util.ArrayList;
import java.util.List;

/** Codecs of the remaining message types (flow-mod, multipart, packet-in/out, ...). */
final class MessageCodecs {
    private MessageCodecs() {
    }

    static List<BodyCodec<?>> all() {
        List<BodyCodec<?>> codecs = new ArrayList<>();
        codecs.addAll(SwitchConfigCodecs.all());
        codecs.addAll(RoleCodecs.all());
        codecs.add(new PortStatusCodec());
        codecs.add(new ExperimenterCodec());
        codecs.addAll(MultipartCodecs.all());
        codecs.add(new FlowModCodec());
        codecs.addAll(PacketCodecs.all());
        return List.copyOf(codecs);
    }
}
