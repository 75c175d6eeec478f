package io.appnet.openflow.match;

import io.appnet.openflow.codec.OfDecodeException;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An OpenFlow 1.3 match ({@code struct ofp_match} of type {@code OFPMT_OXM}): an immutable set of OXM TLVs, each
 * field at most once. The TLVs keep their order so decode-then-encode reproduces the bytes; equality ignores
 * order, as the switch does, so a match read back from a switch equals the one that was sent.
 *
 * <p>Made by {@link #builder()} (which sorts fields into Open vSwitch's own order) or {@link #of}; read from the
 * wire by {@link #decode}, which keeps TLVs of fields we do not model as {@link UnknownOxm}.
 */
public final class Match {
    /** {@code OFPMT_OXM}. */
    static final int TYPE_OXM = 1;
    private static final int HEADER_LENGTH = 4;

    /** The match with no fields: every packet. */
    public static final Match ANY = new Match(List.of());

    private final List<OxmEntry> entries;
    private final int hash;

    private Match(List<? extends OxmEntry> entries) {
        this.entries = List.copyOf(entries);
        int h = 0;
        for (OxmEntry e : this.entries) {
            h += mix(e.hashCode());
        }
        this.hash = h;
    }

    /**
     * Spreads an entry's hash before the order-independent sum: summed raw, record hashes of matches that
     * differ only in register values collide in bulk (reg5=a,reg6=b vs reg5=a+1,reg6=b-1), and a hash map of
     * 100,000 flows degrades to linear scans. (murmur3's finaliser)
     */
    private static int mix(int hash) {
        int h = hash;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    public static MatchBuilder builder() {
        return new MatchBuilder();
    }

    /**
     * A match of exactly these TLVs, in this order.
     *
     * @throws IllegalArgumentException on a duplicate field or a field whose prerequisites are missing
     */
    public static Match of(OxmEntry... entries) {
        return of(List.of(entries));
    }

    /** As {@link #of(OxmEntry...)}. */
    public static Match of(List<? extends OxmEntry> entries) {
        for (int i = 0; i < entries.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (entries.get(i).identity() == entries.get(j).identity()) {
                    throw new IllegalArgumentException("match has " + describe(entries.get(i)) + " twice");
                }
            }
        }
        Match match = new Match(entries);
        MatchRules.check(match);
        return match;
    }

    /** The TLVs in wire order. */
    public List<OxmEntry> entries() {
        return entries;
    }

    /** The TLV of {@code field}, if the match has one. */
    public Optional<OxmTlv> find(OxmField field) {
        for (OxmEntry e : entries) {
            if (e instanceof OxmTlv tlv && tlv.field() == field) {
                return Optional.of(tlv);
            }
        }
        return Optional.empty();
    }

    public boolean contains(OxmField field) {
        return find(field).isPresent();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Bytes {@link #encode} writes: header, TLVs and the padding to a multiple of 8. */
    public int wireLength() {
        return padTo8(unpaddedLength());
    }

    /**
     * Writes the {@code struct ofp_match}, padded to a multiple of 8 bytes.
     *
     * @throws IllegalArgumentException if a field's prerequisites are missing (Open vSwitch would reject the flow)
     */
    public void encode(ByteBuf out) {
        MatchRules.check(this);
        int length = unpaddedLength();
        out.writeShort(TYPE_OXM);
        out.writeShort(length);
        for (OxmEntry e : entries) {
            e.encode(out);
        }
        out.writeZero(padTo8(length) - length);
    }

    /**
     * Reads a whole {@code struct ofp_match} including its padding. Prerequisites are not checked: a switch's
     * own flows are taken as they are.
     *
     * @throws OfDecodeException on a wrong match type, a length that disagrees with the bytes present, a
     *     malformed TLV, or a field present twice
     */
    public static Match decode(ByteBuf in) {
        if (in.readableBytes() < HEADER_LENGTH) {
            throw new OfDecodeException("ofp_match truncated: " + in.readableBytes() + " bytes, header needs 4");
        }
        int type = in.readUnsignedShort();
        int length = in.readUnsignedShort();
        if (type != TYPE_OXM) {
            throw new OfDecodeException("ofp_match type " + type + " is not OFPMT_OXM (1)");
        }
        if (length < HEADER_LENGTH) {
            throw new OfDecodeException("ofp_match length " + length + " is shorter than its 4-byte header");
        }
        int padded = padTo8(length);
        if (padded - HEADER_LENGTH > in.readableBytes()) {
            throw new OfDecodeException("ofp_match length " + length + " (" + padded + " with padding) exceeds the "
                    + (in.readableBytes() + HEADER_LENGTH) + " bytes present");
        }
        ByteBuf tlvs = in.readSlice(length - HEADER_LENGTH);
        in.skipBytes(padded - length);
        List<OxmEntry> entries = new ArrayList<>();
        while (tlvs.isReadable()) {
            OxmEntry entry = OxmEntry.decode(tlvs);
            for (OxmEntry seen : entries) {
                if (seen.identity() == entry.identity()) {
                    throw new OfDecodeException("ofp_match has " + describe(entry) + " twice");
                }
            }
            entries.add(entry);
        }
        return entries.isEmpty() ? ANY : new Match(entries);
    }

    /**
     * The match as {@code ovs-ofctl -O OpenFlow13 dump-flows} prints it, e.g.
     * {@code ct_state=+est+trk,tcp,reg0=0x5,in_port=1,nw_dst=10.0.0.0/24,tp_dst=80}; empty for {@link #ANY}.
     */
    public String toOvsText() {
        return OvsMatchText.format(this);
    }

    private int unpaddedLength() {
        int length = HEADER_LENGTH;
        for (OxmEntry e : entries) {
            length += e.wireLength();
        }
        return length;
    }

    private static int padTo8(int length) {
        return (length + 7) & ~7;
    }

    static String describe(OxmEntry entry) {
        if (entry instanceof OxmTlv tlv) {
            return tlv.field().ovsName();
        }
        return String.format("OXM class 0x%04x field %d", entry.oxmClass(), entry.fieldNumber());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Match other && hash == other.hash && entries.size() == other.entries.size()
                && entries.containsAll(other.entries);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "Match[" + toOvsText() + "]";
    }
}
