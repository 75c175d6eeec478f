package io.appnet.openflow.match;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds a {@link Match} field by field: {@code Match.builder().inPort(3).tcp().ipv4Dst("10.0.0.0/24")
 * .tcpDst(80).reg(0, 5).build()}. Each field may be set once. {@link #build()} sorts the fields into the order
 * Open vSwitch writes them, so equal flows encode to equal bytes, and checks prerequisites.
 *
 * <p>Addresses are given as right-aligned numbers ({@code 0x0a000001}) or text ({@code "10.0.0.1"},
 * {@code "aa:bb:cc:dd:ee:ff"}). A masked value must have no 1-bits outside its mask, and a mask of 0 (matching
 * every value) is refused: leave the field out instead.
 */
public final class MatchBuilder {
    private final List<OxmEntry> entries = new ArrayList<>();

    MatchBuilder() {
    }

    /** Sets {@code field} to {@code value}, all bits matched. */
    public MatchBuilder exact(OxmField field, long value) {
        return add(OxmTlv.exact(field, value));
    }

    /** Sets {@code field} to {@code value} under {@code mask}; an all-ones mask is an exact match. */
    public MatchBuilder masked(OxmField field, long value, long mask) {
        OxmTlv tlv = OxmTlv.masked(field, value, mask);
        if (tlv.mask() == 0) {
            throw new IllegalArgumentException(field.ovsName() + " with mask 0 matches every value; leave it out");
        }
        return add(tlv);
    }

    /** Adds any TLV, including one of a field this codec does not model. */
    public MatchBuilder add(OxmEntry entry) {
        for (OxmEntry e : entries) {
            if (e.identity() == entry.identity()) {
                throw new IllegalArgumentException(Match.describe(entry) + " is already in the match");
            }
        }
        entries.add(entry);
        return this;
    }

    public MatchBuilder inPort(long port) {
        return exact(OxmField.IN_PORT, port);
    }

    public MatchBuilder metadata(long value) {
        return exact(OxmField.METADATA, value);
    }

    public MatchBuilder metadata(long value, long mask) {
        return masked(OxmField.METADATA, value, mask);
    }

    public MatchBuilder ethSrc(long mac) {
        return exact(OxmField.ETH_SRC, mac);
    }

    public MatchBuilder ethSrc(String mac) {
        return ethSrc(AddressText.parseMac(mac));
    }

    public MatchBuilder ethSrc(long mac, long mask) {
        return masked(OxmField.ETH_SRC, mac, mask);
    }

    public MatchBuilder ethDst(long mac) {
        return exact(OxmField.ETH_DST, mac);
    }

    public MatchBuilder ethDst(String mac) {
        return ethDst(AddressText.parseMac(mac));
    }

    public MatchBuilder ethDst(long mac, long mask) {
        return masked(OxmField.ETH_DST, mac, mask);
    }

    public MatchBuilder ethType(int ethType) {
        return exact(OxmField.ETH_TYPE, ethType);
    }

    /** {@code ip}: eth_type 0x0800. */
    public MatchBuilder ip() {
        return ethType(MatchRules.ETH_TYPE_IPV4);
    }

    /** {@code tcp}: eth_type 0x0800, ip_proto 6. */
    public MatchBuilder tcp() {
        return ip().ipProto(MatchRules.IP_PROTO_TCP);
    }

    /** {@code udp}: eth_type 0x0800, ip_proto 17. */
    public MatchBuilder udp() {
        return ip().ipProto(MatchRules.IP_PROTO_UDP);
    }

    /** {@code icmp}: eth_type 0x0800, ip_proto 1. */
    public MatchBuilder icmp() {
        return ip().ipProto(MatchRules.IP_PROTO_ICMP);
    }

    /** {@code arp}: eth_type 0x0806. */
    public MatchBuilder arp() {
        return ethType(MatchRules.ETH_TYPE_ARP);
    }

    public MatchBuilder ipProto(int proto) {
        return exact(OxmField.IP_PROTO, proto);
    }

    public MatchBuilder ipv4Src(int address) {
        return exact(OxmField.IPV4_SRC, Integer.toUnsignedLong(address));
    }

    public MatchBuilder ipv4Src(int address, int prefixLength) {
        return prefix(OxmField.IPV4_SRC, Integer.toUnsignedLong(address), prefixLength);
    }

    /** {@code "10.0.0.1"} or {@code "10.0.0.0/24"}. */
    public MatchBuilder ipv4Src(String addressOrCidr) {
        return cidr(OxmField.IPV4_SRC, addressOrCidr);
    }

    public MatchBuilder ipv4Dst(int address) {
        return exact(OxmField.IPV4_DST, Integer.toUnsignedLong(address));
    }

    public MatchBuilder ipv4Dst(int address, int prefixLength) {
        return prefix(OxmField.IPV4_DST, Integer.toUnsignedLong(address), prefixLength);
    }

    /** {@code "10.0.0.1"} or {@code "10.0.0.0/24"}. */
    public MatchBuilder ipv4Dst(String addressOrCidr) {
        return cidr(OxmField.IPV4_DST, addressOrCidr);
    }

    public MatchBuilder tcpSrc(int port) {
        return exact(OxmField.TCP_SRC, port);
    }

    public MatchBuilder tcpSrc(int port, int mask) {
        return masked(OxmField.TCP_SRC, port, mask);
    }

    public MatchBuilder tcpDst(int port) {
        return exact(OxmField.TCP_DST, port);
    }

    public MatchBuilder tcpDst(int port, int mask) {
        return masked(OxmField.TCP_DST, port, mask);
    }

    public MatchBuilder udpSrc(int port) {
        return exact(OxmField.UDP_SRC, port);
    }

    public MatchBuilder udpSrc(int port, int mask) {
        return masked(OxmField.UDP_SRC, port, mask);
    }

    public MatchBuilder udpDst(int port) {
        return exact(OxmField.UDP_DST, port);
    }

    public MatchBuilder udpDst(int port, int mask) {
        return masked(OxmField.UDP_DST, port, mask);
    }

    public MatchBuilder icmpType(int type) {
        return exact(OxmField.ICMPV4_TYPE, type);
    }

    public MatchBuilder icmpCode(int code) {
        return exact(OxmField.ICMPV4_CODE, code);
    }

    public MatchBuilder arpOp(int op) {
        return exact(OxmField.ARP_OP, op);
    }

    /** {@code "10.0.0.1"} or {@code "10.0.0.0/24"}. */
    public MatchBuilder arpSpa(String addressOrCidr) {
        return cidr(OxmField.ARP_SPA, addressOrCidr);
    }

    /** {@code "10.0.0.1"} or {@code "10.0.0.0/24"}. */
    public MatchBuilder arpTpa(String addressOrCidr) {
        return cidr(OxmField.ARP_TPA, addressOrCidr);
    }

    public MatchBuilder arpSha(String mac) {
        return exact(OxmField.ARP_SHA, AddressText.parseMac(mac));
    }

    public MatchBuilder arpTha(String mac) {
        return exact(OxmField.ARP_THA, AddressText.parseMac(mac));
    }

    /** {@code tun_id}: the VXLAN VNI (or GRE key) the packet arrived with. */
    public MatchBuilder tunnelId(long tunnelId) {
        return exact(OxmField.TUNNEL_ID, tunnelId);
    }

    public MatchBuilder tunnelId(long tunnelId, long mask) {
        return masked(OxmField.TUNNEL_ID, tunnelId, mask);
    }

    /** {@code tun_src}: the outer source address, {@code "192.168.0.1"} or a CIDR. */
    public MatchBuilder tunIpv4Src(String addressOrCidr) {
        return cidr(OxmField.TUN_IPV4_SRC, addressOrCidr);
    }

    /** {@code tun_dst}: the outer destination address, {@code "192.168.0.1"} or a CIDR. */
    public MatchBuilder tunIpv4Dst(String addressOrCidr) {
        return cidr(OxmField.TUN_IPV4_DST, addressOrCidr);
    }

    /** Register {@code n} (0..15) equal to {@code value}. */
    public MatchBuilder reg(int n, long value) {
        return exact(OxmField.reg(n), value);
    }

    public MatchBuilder reg(int n, long value, long mask) {
        return masked(OxmField.reg(n), value, mask);
    }

    public MatchBuilder ctState(CtState state) {
        return masked(OxmField.CT_STATE, state.flags(), state.mask());
    }

    /** {@code "+est+trk"}, {@code "-new+trk"}, ... */
    public MatchBuilder ctState(String flags) {
        return ctState(CtState.parse(flags));
    }

    public MatchBuilder ctZone(int zone) {
        return exact(OxmField.CT_ZONE, zone);
    }

    public MatchBuilder ctMark(long mark) {
        return exact(OxmField.CT_MARK, mark);
    }

    public MatchBuilder ctMark(long mark, long mask) {
        return masked(OxmField.CT_MARK, mark, mask);
    }

    /** {@code conj_id}: the conjunction ID whose clauses all matched. */
    public MatchBuilder conjId(long id) {
        return exact(OxmField.CONJ_ID, id);
    }

    /**
     * The match, fields in Open vSwitch's order (fields we do not model last, as added).
     *
     * @throws IllegalArgumentException if a field's prerequisites are missing, e.g. tcp_dst without tcp()
     */
    public Match build() {
        List<OxmEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingInt(e -> e instanceof OxmTlv tlv ? tlv.field().ordinal() : Integer.MAX_VALUE));
        return Match.of(sorted);
    }

    private MatchBuilder prefix(OxmField field, long address, int prefixLength) {
        return masked(field, address, AddressText.prefixMask(prefixLength));
    }

    private MatchBuilder cidr(OxmField field, String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return exact(field, Integer.toUnsignedLong(AddressText.parseIpv4(text)));
        }
        String prefix = text.substring(slash + 1);
        if (prefix.isEmpty() || prefix.length() > 2 || !prefix.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a CIDR prefix length: '" + text + "'");
        }
        long address = Integer.toUnsignedLong(AddressText.parseIpv4(text.substring(0, slash)));
        return prefix(field, address, Integer.parseInt(prefix));
    }
}
