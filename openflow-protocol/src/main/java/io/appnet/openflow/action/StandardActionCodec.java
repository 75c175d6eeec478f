package io.appnet.openflow.action;

import io.appnet.openflow.codec.OfDecodeException;
import io.appnet.openflow.match.OxmEntry;
import io.appnet.openflow.match.OxmTlv;
import io.netty.buffer.ByteBuf;

/** OpenFlow 1.3 output (16 bytes), group (8 bytes) and set_field (header, one OXM TLV, zero padding). */
final class StandardActionCodec {
    private static final int OUTPUT_LENGTH = 16;
    private static final int GROUP_LENGTH = 8;

    private StandardActionCodec() {
    }

    /** Decodes one action of the given type from {@code action}, which holds exactly its bytes. */
    static Action decode(ByteBuf action, int type) {
        int length = action.readableBytes();
        return switch (type) {
            case ActionListCodec.OFPAT_OUTPUT -> {
                expectLength("output", length, OUTPUT_LENGTH);
                long port = action.getUnsignedInt(4);
                if (!OfPorts.isOutputPort(port)) {
                    throw new OfDecodeException("output to port 0x" + Long.toHexString(port)
                            + ", which is neither physical nor IN_PORT..LOCAL");
                }
                yield new Output(port, action.getUnsignedShort(8));
            }
            case ActionListCodec.OFPAT_GROUP -> {
                expectLength("group", length, GROUP_LENGTH);
                yield new Group(action.getUnsignedInt(4));
            }
            default -> decodeSetField(action);
        };
    }

    /** Null when the field is one we do not model: the caller keeps the action opaque. */
    private static SetField decodeSetField(ByteBuf action) {
        ByteBuf tlvBytes = action.slice(4, action.readableBytes() - 4);
        OxmEntry entry = OxmEntry.decode(tlvBytes);
        if (!(entry instanceof OxmTlv tlv)) {
            return null;
        }
        if (tlv.isMasked()) {
            throw new OfDecodeException("set_field of " + tlv.field().ovsName()
                    + " carries a mask, which OpenFlow 1.3 set_field does not allow");
        }
        while (tlvBytes.isReadable()) {
            if (tlvBytes.readByte() != 0) {
                throw new OfDecodeException("set_field padding after the OXM TLV is not zero");
            }
        }
        return new SetField(tlv.field(), tlv.value());
    }

    static void expectLength(String name, int length, int expected) {
        if (length != expected) {
            throw new OfDecodeException(name + " action has length " + length + ", must be " + expected);
        }
    }

    static void encodeOutput(Output output, ByteBuf out) {
        out.writeShort(ActionListCodec.OFPAT_OUTPUT);
        out.writeShort(OUTPUT_LENGTH);
        out.writeInt((int) output.port());
        out.writeShort(output.maxLen());
        out.writeZero(6);
    }

    static void encodeGroup(Group group, ByteBuf out) {
        out.writeShort(ActionListCodec.OFPAT_GROUP);
        out.writeShort(GROUP_LENGTH);
        out.writeInt((int) group.groupId());
    }

    static void encodeSetField(SetField setField, ByteBuf out) {
        int start = out.writerIndex();
        out.writeShort(ActionListCodec.OFPAT_SET_FIELD);
        out.writeShort(0);
        setField.tlv().encode(out);
        padAndPatchLength(out, start);
    }

    /** Pads the action that starts at {@code start} to a multiple of 8 and writes its length. */
    static void padAndPatchLength(ByteBuf out, int start) {
        int length = out.writerIndex() - start;
        int padded = (length + 7) & ~7;
        if (padded > 0xfff8) {
            throw new IllegalArgumentException("action of " + padded + " bytes exceeds the 16-bit length field");
        }
        out.writeZero(padded - length);
        out.setShort(start + 2, padded);
    }
}
