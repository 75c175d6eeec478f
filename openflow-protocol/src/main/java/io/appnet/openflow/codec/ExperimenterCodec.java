package io.appnet.openflow.codec;

import io.appnet.openflow.message.BundleAdd;
import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.BundleControlType;
import io.appnet.openflow.message.BundleFlag;
import io.appnet.openflow.message.BundleProperty;
import io.appnet.openflow.message.Experimenter;
import io.appnet.openflow.message.ExperimenterMessage;
import io.appnet.openflow.message.OfMessage;
import io.appnet.openflow.message.OfType;
import io.appnet.openflow.message.OfVersion;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * EXPERIMENTER ({@code struct ofp_experimenter_header}: experimenter id, exp_type, data). The ONF bundle
 * messages follow Open vSwitch's {@code lib/ofp-bundle.c}: {@code struct ofp14_bundle_ctrl_msg} (bundle id,
 * control type, flags), then for bundle add the embedded message and, only when properties follow, padding
 * to 8 bytes; then properties, each padded to 8 bytes.
 */
final class ExperimenterCodec implements BodyCodec<Experimenter> {
    private static final int PROPERTY_HEADER_LENGTH = 4;

    @Override
    public OfType type() {
        return OfType.EXPERIMENTER;
    }

    @Override
    public Class<Experimenter> messageClass() {
        return Experimenter.class;
    }

    @Override
    public void encodeBody(Experimenter message, ByteBuf out) {
        out.writeInt((int) message.experimenter());
        out.writeInt((int) message.expType());
        if (message instanceof BundleControl control) {
            out.writeInt((int) control.bundleId());
            out.writeShort(control.controlType().code());
            out.writeShort(BundleFlag.toBits(control.flags()));
            writeProperties(control.properties(), out);
        } else if (message instanceof BundleAdd add) {
            out.writeInt((int) add.bundleId());
            out.writeShort(0); // the control type is unused in bundle add
            out.writeShort(BundleFlag.toBits(add.flags()));
            int start = out.writerIndex();
            OfMessageCodec.encode(add.message(), out);
            if (!add.properties().isEmpty()) {
                int length = out.writerIndex() - start;
                out.writeZero(Wire.padTo8(length) - length);
                writeProperties(add.properties(), out);
            }
        } else {
            BasicCodecs.writeBytes(out, ((ExperimenterMessage) message).data());
        }
    }

    @Override
    public Experimenter decodeBody(OfHeader header, ByteBuf body) {
        long experimenter = body.readUnsignedInt();
        long expType = body.readUnsignedInt();
        if (experimenter == Experimenter.ONF && expType == Experimenter.ONF_ET_BUNDLE_CONTROL) {
            long bundleId = body.readUnsignedInt();
            BundleControlType type = BundleControlType.fromCode(body.readUnsignedShort());
            Set<BundleFlag> flags = BundleFlag.fromBits(body.readUnsignedShort());
            return new BundleControl(header.xid(), bundleId, type, flags, readProperties(body));
        }
        if (experimenter == Experimenter.ONF && expType == Experimenter.ONF_ET_BUNDLE_ADD_MESSAGE) {
            return decodeBundleAdd(header, body);
        }
        return new ExperimenterMessage(header.xid(), experimenter, expType, BasicCodecs.readRest(body));
    }

    private static BundleAdd decodeBundleAdd(OfHeader header, ByteBuf body) {
        long bundleId = body.readUnsignedInt();
        body.skipBytes(2);
        Set<BundleFlag> flags = BundleFlag.fromBits(body.readUnsignedShort());
        if (body.readableBytes() < OfVersion.HEADER_LENGTH) {
            throw new OfDecodeException("bundle add without an embedded message");
        }
        int start = body.readerIndex();
        int version = body.getUnsignedByte(start);
        int type = body.getUnsignedByte(start + 1);
        int length = body.getUnsignedShort(start + 2);
        int xid = body.getInt(start + 4);
        if (version != OfVersion.OF13) {
            throw new OfDecodeException("bundle add embeds a message of version 0x" + Integer.toHexString(version));
        }
        OfType embedded = OfType.fromCode(type);
        if (embedded == null || !BundleAdd.isBundlable(embedded)) {
            throw new OfDecodeException("bundle add embeds a message of type "
                    + (embedded == null ? type : embedded) + ", which Open vSwitch does not bundle");
        }
        if (xid != header.xid()) {
            throw new OfDecodeException("bundle add of xid " + header.xid() + " embeds a message of xid " + xid);
        }
        OfMessage message = OfMessageCodec.decode(Wire.slice(body, length, "bundled message"));
        if (body.isReadable()) {
            Wire.slice(body, Wire.padTo8(length) - length, "padding after the bundled message");
        }
        return new BundleAdd(header.xid(), bundleId, flags, message, readProperties(body));
    }

    private static void writeProperties(List<BundleProperty> properties, ByteBuf out) {
        for (BundleProperty property : properties) {
            int length = PROPERTY_HEADER_LENGTH + property.body().length();
            out.writeShort(property.type());
            out.writeShort(length);
            BasicCodecs.writeBytes(out, property.body());
            out.writeZero(Wire.padTo8(length) - length);
        }
    }

    private static List<BundleProperty> readProperties(ByteBuf in) {
        List<BundleProperty> properties = new ArrayList<>();
        while (in.isReadable()) {
            if (in.readableBytes() < PROPERTY_HEADER_LENGTH) {
                throw new OfDecodeException(in.readableBytes() + " bytes left where a bundle property starts");
            }
            int type = in.readUnsignedShort();
            int length = in.readUnsignedShort();
            if (length < PROPERTY_HEADER_LENGTH) {
                throw new OfDecodeException("bundle property of type " + type + " has length " + length);
            }
            ByteBuf body = Wire.slice(in, length - PROPERTY_HEADER_LENGTH, "bundle property");
            Wire.slice(in, Wire.padTo8(length) - length, "bundle property padding");
            properties.add(new BundleProperty(type, Wire.readBytes(body, body.readableBytes())));
        }
        return properties;
    }
}
