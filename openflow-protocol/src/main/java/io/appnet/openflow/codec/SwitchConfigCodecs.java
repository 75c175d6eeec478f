package io.appnet.openflow.codec;

import io.appnet.openflow.message.GetConfigReply;
import io.appnet.openflow.message.GetConfigRequest;
import io.appnet.openflow.message.OfType;
import io.appnet.openflow.message.SetConfig;
import io.appnet.openflow.message.SwitchConfig;
import io.netty.buffer.ByteBuf;
import java.util.List;

/** GET_CONFIG_REQUEST, GET_CONFIG_REPLY and SET_CONFIG ({@code struct ofp_switch_config}). */
final class SwitchConfigCodecs {
    private SwitchConfigCodecs() {
    }

    static List<BodyCodec<?>> all() {
        return List.of(
                BasicCodecs.of(OfType.GET_CONFIG_REQUEST, GetConfigRequest.class,
                        (m, out) -> { }, (h, in) -> new GetConfigRequest(h.xid())),
                BasicCodecs.of(OfType.GET_CONFIG_REPLY, GetConfigReply.class,
                        (m, out) -> write(m.config(), out), (h, in) -> new GetConfigReply(h.xid(), read(in))),
                BasicCodecs.of(OfType.SET_CONFIG, SetConfig.class,
                        (m, out) -> write(m.config(), out), (h, in) -> new SetConfig(h.xid(), read(in))));
    }

    private static void write(SwitchConfig config, ByteBuf out) {
        out.writeShort(config.flags());
        out.writeShort(config.missSendLen());
    }

    private static SwitchConfig read(ByteBuf in) {
        return new SwitchConfig(in.readUnsignedShort(), in.readUnsignedShort());
    }
}
