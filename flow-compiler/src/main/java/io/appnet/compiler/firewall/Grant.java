package io.appnet.compiler.firewall;

import io.appnet.compiler.model.AppId;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.compiler.model.PolicyId;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import java.util.List;

/**
 * What one policy lets one source app reach behind the firewall: destination prefixes, protocol and
 * ports (empty = every port) or ICMP type/code (-1 = any). {@code tag} is the destination's app ID (the
 * guarded app, or the destination's pseudo app ID): the VNI replies carry in vxlan mode.
 */
record Grant(PolicyId policy, AppId source, AppId tag, List<Ipv4Prefix> prefixes, Protocol protocol,
             List<PortRange> ports, int icmpType, int icmpCode) {

    Grant {
        prefixes = List.copyOf(prefixes);
        ports = ports.stream().filter(range -> !range.isAny()).toList();
    }
}
