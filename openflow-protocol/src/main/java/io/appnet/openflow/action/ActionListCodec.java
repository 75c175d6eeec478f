package io.appnet.openflow.action;

import io.appnet.openflow.codec.OfDecodeException;
import io.appnet.openflow.message.Bytes;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames a list of actions ({@code struct ofp_action_header}: 16-bit type, 16-bit length, a multiple of 8) and
 * dispatches each to the codec of its family. Stateless.
 */
final class ActionListCodec {
    static final int HEADER_LENGTH = 8;
    static final int OFPAT_OUTPUT = 0;
    static final int OFPAT_GROUP = 22;
    static final int OFPAT_SET_FIELD = 25;
    static final int OFPAT_EXPERIMENTER = 0xffff;

    /** Where a list sits: at the top of an instruction or packet-out, or inside a ct action. */
    enum Scope { TOP, CT }

    private ActionListCodec() {
    }

    static List<Action> decode(ByteBuf in, int length, Scope scope) {
        if (length < 0 || length % 8 != 0) {
            throw new OfDecodeException("action list length " + length + " is not a non-negative multiple of 8");
        }
        if (length > in.readableBytes()) {
            throw new OfDecodeException("action list of " + length + " bytes overruns the " + in.readableBytes()
                    + " bytes present");
        }
        int start = in.readerIndex();
        List<Action> actions = new ArrayList<>();
        int offset = 0;
        while (offset < length) {
            int type = in.getUnsignedShort(start + offset);
            int actionLength = in.getUnsignedShort(start + offset + 2);
            String where = "action at offset " + offset + " (type " + typeName(type) + ")";
            if (actionLength < HEADER_LENGTH) {
                throw new OfDecodeException(where + ": length " + actionLength
                        + " is shorter than the 8-byte action header");
            }
            if (actionLength % 8 != 0) {
                throw new OfDecodeException(where + ": length " + actionLength + " is not a multiple of 8");
            }
            if (actionLength > length - offset) {
                throw new OfDecodeException(where + ": length " + actionLength + " overruns the "
                        + (length - offset) + " bytes left in the action list");
            }
            ByteBuf action = in.slice(start + offset, actionLength);
            actions.add(decodeOne(action, type, scope, where));
            offset += actionLength;
        }
        in.skipBytes(length);
        if (scope == Scope.TOP) {
            try {
                checkTopLevel(actions);
            } catch (IllegalArgumentException e) {
                throw new OfDecodeException(e.getMessage());
            }
        }
        return actions;
    }

    private static Action decodeOne(ByteBuf action, int type, Scope scope, String where) {
        try {
            Action decoded = switch (type) {
                case OFPAT_OUTPUT, OFPAT_GROUP, OFPAT_SET_FIELD -> StandardActionCodec.decode(action, type);
                case OFPAT_EXPERIMENTER -> NiciraActionCodec.decode(action, scope);
                default -> null;
            };
            return decoded != null ? decoded : new UnknownAction(copy(action));
        } catch (OfDecodeException | IllegalArgumentException e) {
            throw new OfDecodeException(where + ": " + e.getMessage(), e);
        }
    }

    private static Bytes copy(ByteBuf action) {
        byte[] bytes = new byte[action.readableBytes()];
        action.getBytes(action.readerIndex(), bytes);
        return Bytes.of(bytes);
    }

    private static String typeName(int type) {
        return switch (type) {
            case OFPAT_OUTPUT -> "OUTPUT";
            case OFPAT_GROUP -> "GROUP";
            case OFPAT_SET_FIELD -> "SET_FIELD";
            case OFPAT_EXPERIMENTER -> "EXPERIMENTER";
            default -> Integer.toString(type);
        };
    }

    /**
     * Writes the actions; on any error writes nothing and throws {@link IllegalArgumentException}.
     */
    static void encode(List<Action> actions, ByteBuf out, Scope scope) {
        if (scope == Scope.TOP) {
            checkTopLevel(actions);
        }
        int start = out.writerIndex();
        try {
            for (Action action : actions) {
                encodeOne(action, out);
            }
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
    }

    private static void encodeOne(Action action, ByteBuf out) {
        if (action instanceof Output o) {
            StandardActionCodec.encodeOutput(o, out);
        } else if (action instanceof Group g) {
            StandardActionCodec.encodeGroup(g, out);
        } else if (action instanceof SetField s) {
            StandardActionCodec.encodeSetField(s, out);
        } else if (action instanceof UnknownAction u) {
            out.writeBytes(u.bytes().toArray());
        } else {
            NiciraActionCodec.encode(action, out);
        }
    }

    /**
     * Open vSwitch refuses nat and writes to ct fields outside a ct action (ofpacts_verify_nested); so does this
     * codec, before writing anything.
     */
    static void checkTopLevel(List<Action> actions) {
        for (Action a : actions) {
            if (a == null) {
                throw new IllegalArgumentException("null action in list");
            }
            if (a instanceof Nat) {
                throw new IllegalArgumentException("nat is only allowed inside ct");
            }
            if (a instanceof SetField s && FieldText.requiresCt(s.field())) {
                throw new IllegalArgumentException("set_field to " + s.field().ovsName() + " is only allowed inside ct");
            }
            if (a instanceof Move m && FieldText.requiresCt(m.dst().field())) {
                throw new IllegalArgumentException("move into " + m.dst().field().nxmName()
                        + " is not allowed outside ct");
            }
        }
    }
}
