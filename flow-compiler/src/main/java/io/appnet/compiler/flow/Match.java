package io.appnet.compiler.flow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable OpenFlow match: a set of (field, value, mask) with OpenFlow prerequisites checked
 * (e.g. {@code nw_dst} needs {@code ip}, {@code tp_dst} needs {@code tcp}). Value bits outside the
 * mask are cleared, so equal matches are equal objects. {@link #toString()} is the
 * {@code ovs-ofctl dump-flows} text of the match.
 */
public final class Match {

    public static final int ETH_TYPE_IPV4 = 0x0800;
    public static final int ETH_TYPE_ARP = 0x0806;
    public static final int IP_PROTO_ICMP = 1;
    public static final int IP_PROTO_TCP = 6;
    public static final int IP_PROTO_UDP = 17;

    private static final Match ANY = new Match(new MatchField[0], new long[0], new long[0]);
    private static final MatchField[] EXACT_ONLY = {MatchField.ETH_TYPE, MatchField.IP_PROTO, MatchField.CONJ_ID,
        MatchField.IN_PORT, MatchField.ARP_OP, MatchField.ICMP_TYPE, MatchField.ICMP_CODE};
    private static final MatchField[] ARP_FIELDS = {MatchField.ARP_OP, MatchField.ARP_SPA, MatchField.ARP_TPA,
        MatchField.ARP_SHA, MatchField.ARP_THA};

    private final MatchField[] fields;
    private final long[] values;
    private final long[] masks;
    private final int hash;

    private Match(MatchField[] fields, long[] values, long[] masks) {
        this.fields = fields;
        this.values = values;
        this.masks = masks;
        this.hash = 31 * (31 * Arrays.hashCode(fields) + Arrays.hashCode(values)) + Arrays.hashCode(masks);
    }

    /** The match that matches every packet. */
    public static Match any() {
        return ANY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<FieldMatch> fields() {
        List<FieldMatch> list = new ArrayList<>(fields.length);
        for (int i = 0; i < fields.length; i++) {
            list.add(new FieldMatch(fields[i], values[i], masks[i]));
        }
        return list;
    }

    public Optional<FieldMatch> field(MatchField field) {
        int index = indexOf(field);
        return index < 0 ? Optional.empty() : Optional.of(new FieldMatch(field, values[index], masks[index]));
    }

    public boolean isEmpty() {
        return fields.length == 0;
    }

    /** True if a packet whose field values are {@code packet[field.ordinal()]} matches. */
    public boolean matches(long[] packet) {
        for (int i = 0; i < fields.length; i++) {
            if ((packet[fields[i].ordinal()] & masks[i]) != values[i]) {
                return false;
            }
        }
        return true;
    }

    /** True if every field is a plain OpenFlow 1.3 field (no Nicira extension). */
    public boolean standard() {
        for (MatchField field : fields) {
            if (!field.standard()) {
                return false;
            }
        }
        return true;
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        for (int i = 0; i < fields.length; i++) {
            builder.masked(fields[i], values[i], masks[i]);
        }
        return builder;
    }

    private int indexOf(MatchField field) {
        for (int i = 0; i < fields.length; i++) {
            if (fields[i] == field) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Match that && hash == that.hash
                && Arrays.equals(fields, that.fields) && Arrays.equals(values, that.values)
                && Arrays.equals(masks, that.masks);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The match as {@code ovs-ofctl} prints it, e.g. {@code tcp,reg5=0x7,reg7=0x50/0xfff0}; empty for any(). */
    @Override
    public String toString() {
        String shorthand = shorthand();
        boolean protoShown = shorthand != null && !shorthand.equals("ip") && !shorthand.equals("arp");
        StringBuilder text = new StringBuilder();
        String pending = shorthand;
        for (int i = 0; i < fields.length; i++) {
            MatchField field = fields[i];
            if (pending != null && field.ordinal() > MatchField.CT_MARK.ordinal()) {
                append(text, pending);
                pending = null;
            }
            boolean shown = field == MatchField.ETH_TYPE && shorthand != null
                    || field == MatchField.IP_PROTO && protoShown;
            if (!shown) {
                append(text, field.matchName() + "=" + FieldText.formatMasked(field, values[i], masks[i]));
            }
        }
        if (pending != null) {
            append(text, pending);
        }
        return text.toString();
    }

    /** OVS prints ip/arp (and tcp/udp/icmp for IPv4 with that protocol) instead of dl_type and nw_proto. */
    private String shorthand() {
        int ethType = indexOf(MatchField.ETH_TYPE);
        if (ethType < 0) {
            return null;
        }
        if (values[ethType] == ETH_TYPE_ARP) {
            return "arp";
        }
        if (values[ethType] != ETH_TYPE_IPV4) {
            return null;
        }
        int ipProto = indexOf(MatchField.IP_PROTO);
        if (ipProto < 0) {
            return "ip";
        }
        return switch ((int) values[ipProto]) {
            case IP_PROTO_ICMP -> "icmp";
            case IP_PROTO_TCP -> "tcp";
            case IP_PROTO_UDP -> "udp";
            default -> "ip";
        };
    }

    private static void append(StringBuilder text, String part) {
        if (text.length() > 0) {
            text.append(',');
        }
        text.append(part);
    }

    /**
     * The fields of a match (ordinal order) and their full masks, shared by every match with those fields:
     * a full compile builds hundreds of thousands of matches of a few dozen shapes, and sharing the arrays
     * (never written after construction) saves two of a match's four objects. At most {@link #MAX_SHAPES}
     * are kept; a match of a shape beyond them gets arrays of its own.
     */
    private static final class Shape {
        private static final int MAX_SHAPES = 1024;
        private static final ConcurrentHashMap<Long, Shape> SHAPES = new ConcurrentHashMap<>();

        final MatchField[] fields;
        final long[] fullMasks;

        private Shape(MatchField[] fields) {
            this.fields = fields;
            this.fullMasks = new long[fields.length];
            for (int i = 0; i < fields.length; i++) {
                fullMasks[i] = fields[i].fullMask();
            }
        }

        /** The shape of the first {@code count} (distinct, ordinal-ordered) fields, or null if none is kept. */
        static Shape of(MatchField[] fields, int count) {
            long bits = 0;
            for (int i = 0; i < count; i++) {
                bits |= 1L << fields[i].ordinal();
            }
            Shape shape = SHAPES.get(bits);
            if (shape == null && SHAPES.size() < MAX_SHAPES) {
                shape = SHAPES.computeIfAbsent(bits, key -> new Shape(Arrays.copyOf(fields, count)));
            }
            return shape;
        }
    }

    /** Collects fields in any order; {@link #build()} sorts them and checks prerequisites. */
    public static final class Builder {
        // Room for 6 fields (the most an OVS host flow has is 5); more grow the arrays.
        private MatchField[] fields = new MatchField[6];
        private long[] values = new long[6];
        private long[] masks = new long[6];
        private int count;

        private Builder() {
        }

        public Builder exact(MatchField field, long value) {
            return masked(field, value, field.fullMask());
        }

        public Builder masked(MatchField field, long value, long mask) {
            long fieldMask = mask & field.fullMask();
            if ((value & ~field.fullMask()) != 0) {
                throw new IllegalArgumentException(field.matchName() + " value " + Long.toUnsignedString(value)
                        + " does not fit in " + field.bits() + " bits");
            }
            int index = indexOf(field);
            if (fieldMask == 0) {
                if (index >= 0) {
                    System.arraycopy(fields, index + 1, fields, index, count - index - 1);
                    System.arraycopy(values, index + 1, values, index, count - index - 1);
                    System.arraycopy(masks, index + 1, masks, index, count - index - 1);
                    count--;
                }
                return this;
            }
            if (index < 0) {
                if (count == fields.length) {
                    fields = Arrays.copyOf(fields, count * 2);
                    values = Arrays.copyOf(values, count * 2);
                    masks = Arrays.copyOf(masks, count * 2);
                }
                index = count;
                while (index > 0 && fields[index - 1].ordinal() > field.ordinal()) {
                    fields[index] = fields[index - 1];
                    values[index] = values[index - 1];
                    masks[index] = masks[index - 1];
                    index--;
                }
                count++;
            }
            fields[index] = field;
            values[index] = value & fieldMask;
            masks[index] = fieldMask;
            return this;
        }

        private int indexOf(MatchField field) {
            for (int i = 0; i < count; i++) {
                if (fields[i] == field) {
                    return i;
                }
            }
            return -1;
        }

        public Builder ip() {
            return exact(MatchField.ETH_TYPE, ETH_TYPE_IPV4);
        }

        public Builder arp() {
            return exact(MatchField.ETH_TYPE, ETH_TYPE_ARP);
        }

        public Builder ipProto(int protocol) {
            return ip().exact(MatchField.IP_PROTO, protocol);
        }

        public Builder inPort(long port) {
            return exact(MatchField.IN_PORT, port);
        }

        public Builder register(int n, long value) {
            return exact(MatchField.register(n), value);
        }

        /** Conntrack state flags as ovs-ofctl writes them, e.g. {@code +est+rpl+trk} or {@code +new-est}. */
        public Builder ctState(String flags) {
            long[] valueAndMask = FieldText.parseMasked(MatchField.CT_STATE, flags);
            return masked(MatchField.CT_STATE, valueAndMask[0], valueAndMask[1]);
        }

        public Match build() {
            if (count == 0) {
                return ANY;
            }
            checkPrerequisites();
            Shape shape = Shape.of(fields, count);
            long[] exactValues = Arrays.copyOf(values, count);
            if (shape == null) {
                return new Match(Arrays.copyOf(fields, count), exactValues, Arrays.copyOf(masks, count));
            }
            boolean exact = true;
            for (int i = 0; i < count && exact; i++) {
                exact = masks[i] == shape.fullMasks[i];
            }
            return new Match(shape.fields, exactValues, exact ? shape.fullMasks : Arrays.copyOf(masks, count));
        }

        private boolean has(MatchField field) {
            return indexOf(field) >= 0;
        }

        private boolean is(MatchField field, long value) {
            int index = indexOf(field);
            return index >= 0 && masks[index] == field.fullMask() && values[index] == value;
        }

        private void require(MatchField field, boolean prerequisite, String needs) {
            if (has(field) && !prerequisite) {
                throw new IllegalArgumentException("matching " + field.matchName() + " requires " + needs);
            }
        }

        private void checkPrerequisites() {
            boolean ipv4 = is(MatchField.ETH_TYPE, ETH_TYPE_IPV4);
            boolean arp = is(MatchField.ETH_TYPE, ETH_TYPE_ARP);
            for (MatchField exactOnly : EXACT_ONLY) {
                int index = indexOf(exactOnly);
                if (index >= 0 && masks[index] != exactOnly.fullMask()) {
                    throw new IllegalArgumentException(exactOnly.matchName() + " can only be matched exactly");
                }
            }
            require(MatchField.IPV4_SRC, ipv4, "ip");
            require(MatchField.IPV4_DST, ipv4, "ip");
            require(MatchField.IP_PROTO, ipv4, "ip");
            for (MatchField arpField : ARP_FIELDS) {
                require(arpField, arp, "arp");
            }
            require(MatchField.TCP_SRC, is(MatchField.IP_PROTO, IP_PROTO_TCP), "tcp");
            require(MatchField.TCP_DST, is(MatchField.IP_PROTO, IP_PROTO_TCP), "tcp");
            require(MatchField.UDP_SRC, is(MatchField.IP_PROTO, IP_PROTO_UDP), "udp");
            require(MatchField.UDP_DST, is(MatchField.IP_PROTO, IP_PROTO_UDP), "udp");
            require(MatchField.ICMP_TYPE, is(MatchField.IP_PROTO, IP_PROTO_ICMP), "icmp");
            require(MatchField.ICMP_CODE, is(MatchField.IP_PROTO, IP_PROTO_ICMP), "icmp");
        }
    }
}
