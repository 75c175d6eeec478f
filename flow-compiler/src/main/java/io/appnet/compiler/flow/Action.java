package io.appnet.compiler.flow;

import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * One action of an apply-actions instruction. The set is what the pipelines need and what Open vSwitch
 * 3.1 accepts on OpenFlow 1.3; {@link #standard()} tells plain OpenFlow 1.3 from Nicira extensions.
 * {@link #toString()} is the {@code ovs-ofctl} text of the action.
 */
public sealed interface Action {

    /** Port number OpenFlow reserves for "the port the packet came in on". */
    long IN_PORT = 0xFFFFFFF8L;

    boolean standard();

    static Action output(long port) {
        return port > 0 && port < Output.COMMON.length ? Output.COMMON[(int) port] : new Output(port);
    }

    /** Sends the packet back out of its ingress port (plain output to the ingress port is ignored). */
    static Action outputInPort() {
        return new Output(IN_PORT);
    }

    static Action setField(MatchField field, long value) {
        return new SetField(field, value);
    }

    static Action move(FieldSlice source, FieldSlice destination) {
        return new Move(source, destination);
    }

    static Action conjunction(long id, int clause, int clauses) {
        return new Conjunction(id, clause, clauses);
    }

    static Action resubmit(int table) {
        return new Resubmit(table);
    }

    /** Output to a port; {@link #IN_PORT} is printed {@code IN_PORT}. */
    record Output(long port) implements Action {
        /** Outputs to ports 1-1023, made once: every instance's deliver flow has one, and ports repeat across hosts. */
        private static final Output[] COMMON = new Output[1024];

        static {
            for (int port = 1; port < COMMON.length; port++) {
                COMMON[port] = new Output(port);
            }
        }

        public Output {
            if (port < 1 || port > 0xFFFFFF00L && port != IN_PORT) {
                throw new IllegalArgumentException("bad output port " + port);
            }
        }

        @Override
        public boolean standard() {
            return true;
        }

        @Override
        public String toString() {
            return port == IN_PORT ? "IN_PORT" : "output:" + port;
        }
    }

    /** Writes a whole field. */
    record SetField(MatchField field, long value) implements Action {
        public SetField {
            if (field.setFieldName() == null) {
                throw new IllegalArgumentException(field.matchName() + " is read-only");
            }
            if ((value & ~field.fullMask()) != 0) {
                throw new IllegalArgumentException("value " + Long.toUnsignedString(value) + " does not fit "
                        + field.setFieldName());
            }
        }

        @Override
        public boolean standard() {
            return field.standard();
        }

        @Override
        public String toString() {
            return "set_field:" + FieldText.format(field, value) + "->" + field.setFieldName();
        }
    }

    /** Copies bits between fields (Nicira {@code move}). */
    record Move(FieldSlice source, FieldSlice destination) implements Action {
        public Move {
            if (source.bits() != destination.bits()) {
                throw new IllegalArgumentException("move " + source + "->" + destination + ": widths differ");
            }
        }

        @Override
        public boolean standard() {
            return false;
        }

        @Override
        public String toString() {
            return "move:" + source + "->" + destination;
        }
    }

    /** One clause of a conjunctive match (Nicira {@code conjunction(id,k/n)}). */
    record Conjunction(long id, int clause, int clauses) implements Action {
        public Conjunction {
            if (id < 0 || id > 0xFFFFFFFFL || clauses < 2 || clauses > 64 || clause < 1 || clause > clauses) {
                throw new IllegalArgumentException("bad conjunction(" + id + "," + clause + "/" + clauses + ")");
            }
        }

        @Override
        public boolean standard() {
            return false;
        }

        @Override
        public String toString() {
            return "conjunction(" + id + "," + clause + "/" + clauses + ")";
        }
    }

    /** Looks the packet up in another table, then continues here (Nicira {@code resubmit(,table)}). */
    record Resubmit(int table) implements Action {
        public Resubmit {
            FlowKey.checkTable(table);
        }

        @Override
        public boolean standard() {
            return false;
        }

        @Override
        public String toString() {
            return "resubmit(," + table + ")";
        }
    }

    /**
     * Sends the packet through the connection tracker (Nicira {@code ct}). With a table, the tracked
     * packet continues in that table (and must be the flow's last action); with commit, the connection
     * is stored, and the {@code exec} actions (writes of ct_mark) apply to it. {@code nat}: on a lookup,
     * {@link Nat#REVERSE} applies the connection's translation (SNAT forward, un-SNAT replies); on a
     * commit, {@code nat(src=..)} gives a new connection its source translation.
     */
    record Conntrack(boolean commit, OptionalInt table, CtZone zone, Nat nat, List<Action> exec) implements Action {
        public Conntrack {
            exec = List.copyOf(exec);
            table.ifPresent(FlowKey::checkTable);
            for (Action action : exec) {
                boolean writesMark = action instanceof SetField set && set.field() == MatchField.CT_MARK
                        || action instanceof Move move && move.destination().field() == MatchField.CT_MARK;
                if (!writesMark) {
                    throw new IllegalArgumentException("ct exec may only write ct_mark, not " + action);
                }
            }
            if (!exec.isEmpty() && !commit) {
                throw new IllegalArgumentException("ct exec needs commit");
            }
            if (nat.kind() == Nat.Kind.SOURCE && !commit) {
                throw new IllegalArgumentException("nat(src=..) needs commit");
            }
        }

        /** Without NAT (the form before egress gateways). */
        public Conntrack(boolean commit, OptionalInt table, CtZone zone, List<Action> exec) {
            this(commit, table, zone, Nat.NONE, exec);
        }

        /** {@code ct(table=N,zone=...)}: track, then continue in table N. */
        public static Conntrack track(CtZone zone, int table) {
            return new Conntrack(false, OptionalInt.of(table), zone, Nat.NONE, List.of());
        }

        /** {@code ct(table=N,zone=...,nat)}: track, apply the connection's NAT, continue in table N. */
        public static Conntrack trackNat(CtZone zone, int table) {
            return new Conntrack(false, OptionalInt.of(table), zone, Nat.REVERSE, List.of());
        }

        /** {@code ct(commit,zone=...,exec(...))}: store the connection and continue with the next action. */
        public static Conntrack commit(CtZone zone, List<Action> exec) {
            return new Conntrack(true, OptionalInt.empty(), zone, Nat.NONE, exec);
        }

        /** {@code ct(commit,zone=...,nat(src=...),exec(...))}: store it with a source translation. */
        public static Conntrack commitNat(CtZone zone, Nat nat, List<Action> exec) {
            return new Conntrack(true, OptionalInt.empty(), zone, nat, exec);
        }

        @Override
        public boolean standard() {
            return false;
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("ct(");
            if (commit) {
                text.append("commit,");
            }
            table.ifPresent(t -> text.append("table=").append(t).append(','));
            text.append("zone=").append(zone);
            if (nat.kind() != Nat.Kind.NONE) {
                text.append(',').append(nat);
            }
            if (!exec.isEmpty()) {
                text.append(",exec(").append(exec.stream().map(Action::toString)
                        .collect(Collectors.joining(","))).append(')');
            }
            return text.append(')').toString();
        }
    }

    /**
     * The NAT of a {@code ct} action (Nicira NXAST_NAT): none, {@code nat} (apply an existing connection's
     * translation) or {@code nat(src=min[-max][:portMin[-portMax]])}. Addresses are unsigned 32-bit; port 0
     * means no port range.
     */
    record Nat(Kind kind, long addressMin, long addressMax, int portMin, int portMax) {

        public enum Kind { NONE, REVERSE, SOURCE }

        public static final Nat NONE = new Nat(Kind.NONE, 0, 0, 0, 0);
        public static final Nat REVERSE = new Nat(Kind.REVERSE, 0, 0, 0, 0);

        public Nat {
            if (kind != Kind.SOURCE && (addressMin | addressMax | portMin | portMax) != 0) {
                throw new IllegalArgumentException("only nat(src=..) has a range");
            }
            if (kind == Kind.SOURCE && (addressMin < 1 || addressMax < addressMin || addressMax > 0xFFFFFFFFL)) {
                throw new IllegalArgumentException("bad nat address range " + addressMin + "-" + addressMax);
            }
            if (portMin < 0 || portMax < portMin || portMax > 65535 || portMin == 0 && portMax != 0) {
                throw new IllegalArgumentException("bad nat port range " + portMin + "-" + portMax);
            }
        }

        /** {@code nat(src=min-max:portMin-portMax)}; ports 0, 0 for none. */
        public static Nat source(long addressMin, long addressMax, int portMin, int portMax) {
            return new Nat(Kind.SOURCE, addressMin, addressMax, portMin, portMax);
        }

        /** As ovs-ofctl prints it. */
        @Override
        public String toString() {
            if (kind == Kind.NONE) {
                return "";
            }
            if (kind == Kind.REVERSE) {
                return "nat";
            }
            StringBuilder text = new StringBuilder("nat(src=").append(FieldText.ipv4((int) addressMin));
            if (addressMax != addressMin) {
                text.append('-').append(FieldText.ipv4((int) addressMax));
            }
            if (portMin != 0) {
                text.append(':').append(portMin);
                if (portMax != portMin) {
                    text.append('-').append(portMax);
                }
            }
            return text.append(')').toString();
        }
    }

    /** The conntrack zone: a constant or (bits of) a register. */
    sealed interface CtZone {
        static CtZone of(int zone) {
            return new Fixed(zone);
        }

        static CtZone from(FieldSlice slice) {
            return new FromField(slice);
        }

        record Fixed(int zone) implements CtZone {
            public Fixed {
                if (zone < 0 || zone > 0xFFFF) {
                    throw new IllegalArgumentException("ct zone " + zone + " is outside 0..65535");
                }
            }

            @Override
            public String toString() {
                return Integer.toString(zone);
            }
        }

        record FromField(FieldSlice slice) implements CtZone {
            public FromField {
                if (slice.bits() != 16) {
                    throw new IllegalArgumentException("a ct zone is 16 bits, not " + slice);
                }
            }

            @Override
            public String toString() {
                return slice.toString();
            }
        }
    }
}
