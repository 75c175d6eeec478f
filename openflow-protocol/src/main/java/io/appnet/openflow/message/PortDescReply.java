package io.appnet.openflow.message;

import java.util.ArrayList;
import java.util.List;

/** Every port of the switch ({@code OFPMP_PORT_DESC} reply). */
public record PortDescReply(List<PortDescription> ports) implements MultipartReplyBody {
    public PortDescReply {
        ports = List.copyOf(ports);
    }

    @Override
    public int multipartType() {
        return MultipartType.PORT_DESC.code();
    }

    @Override
    public PortDescReply followedBy(MultipartReplyBody next) {
        if (!(next instanceof PortDescReply more)) {
            throw new IllegalArgumentException("port-desc reply followed by " + next);
        }
        List<PortDescription> all = new ArrayList<>(ports);
        all.addAll(more.ports);
        return new PortDescReply(all);
    }
}
