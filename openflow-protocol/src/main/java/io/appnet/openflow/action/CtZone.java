package io.appnet.openflow.action;

/** The conntrack zone of a {@link Ct} action: a constant, or 16 bits read from a field at run time. */
public sealed interface CtZone {
    /** Zone 0, the default; ovs-ofctl omits it. */
    CtZone DEFAULT = new Immediate(0);

    static CtZone of(int zone) {
        return new Immediate(zone);
    }

    static CtZone from(Subfield source) {
        return new FromField(source);
    }

    String toOvsText();

    record Immediate(int zone) implements CtZone {
        public Immediate {
            if (zone < 0 || zone > 0xffff) {
                throw new IllegalArgumentException("ct zone " + zone + " is outside 0..65535");
            }
        }

        @Override
        public String toOvsText() {
            return Integer.toString(zone);
        }
    }

    /** Open vSwitch accepts only 16-bit sources. */
    record FromField(Subfield source) implements CtZone {
        public FromField {
            if (source == null || source.bits() != 16) {
                throw new IllegalArgumentException("ct zone must come from a 16-bit subfield, got "
                        + (source == null ? "none" : source.toOvsText()));
            }
        }

        @Override
        public String toOvsText() {
            return source.toOvsText();
        }
    }
}
