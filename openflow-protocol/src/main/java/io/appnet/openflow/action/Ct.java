package io.appnet.openflow.action;

import java.util.ArrayList;
import java.util.List;

/**
 * NXAST_CT: send the packet through the connection tracker.
 *
 * @param commit commit the connection ({@code commit})
 * @param force with commit: end an existing connection of the other direction first ({@code force})
 * @param recircTable table to resubmit the tracked copy to, or {@link #NO_RECIRC}
 * @param alg application layer gateway: 0, {@link #ALG_FTP}, {@link #ALG_TFTP}
 * @param actions run inside the tracker: {@link Nat} and set_field of ct fields (ct_mark); with anything but a
 *     plain {@link Nat#REVERSE} they need {@code commit}
 */
public record Ct(boolean commit, boolean force, CtZone zone, int recircTable, int alg, List<Action> actions)
        implements Action {
    public static final int NO_RECIRC = 0xff;
    public static final int ALG_FTP = 21;
    public static final int ALG_TFTP = 69;

    /** {@code ct()}: track in zone 0, no commit, no recirculation. */
    public static final Ct DEFAULT = new Ct(false, false, CtZone.DEFAULT, NO_RECIRC, 0, List.of());

    public Ct {
        if (zone == null) {
            throw new IllegalArgumentException("ct needs a zone (CtZone.DEFAULT for zone 0)");
        }
        if (force && !commit) {
            throw new IllegalArgumentException("ct force needs commit");
        }
        if (recircTable < 0 || recircTable > 0xff) {
            throw new IllegalArgumentException("ct table " + recircTable + " is outside 0..255");
        }
        if (alg < 0 || alg > 0xffff) {
            throw new IllegalArgumentException("ct alg " + alg + " is outside 0..65535");
        }
        if (actions == null) {
            throw new IllegalArgumentException("ct actions list is null (List.of() for none)");
        }
        for (Action a : actions) {
            checkNested(a, commit);
        }
        actions = List.copyOf(actions);
    }

    private static void checkNested(Action a, boolean commit) {
        if (a == null) {
            throw new IllegalArgumentException("null action inside ct");
        }
        boolean allowed = a instanceof Nat
                || a instanceof UnknownAction
                || (a instanceof SetField sf && FieldText.requiresCt(sf.field()))
                || (a instanceof Move move && FieldText.requiresCt(move.dst().field()));
        if (!allowed) {
            throw new IllegalArgumentException("ct may only run nat, and set_field or move into ct fields, not "
                    + a.toOvsText());
        }
        if (!commit && !a.equals(Nat.REVERSE)) {
            throw new IllegalArgumentException("ct without commit may only run a plain nat, not " + a.toOvsText());
        }
    }

    public Ct withCommit() {
        return new Ct(true, force, zone, recircTable, alg, actions);
    }

    public Ct withForce() {
        return new Ct(commit, true, zone, recircTable, alg, actions);
    }

    public Ct withZone(int zoneId) {
        return new Ct(commit, force, CtZone.of(zoneId), recircTable, alg, actions);
    }

    public Ct withZone(Subfield source) {
        return new Ct(commit, force, CtZone.from(source), recircTable, alg, actions);
    }

    public Ct withRecircTable(int table) {
        return new Ct(commit, force, zone, table, alg, actions);
    }

    public Ct withAlg(int port) {
        return new Ct(commit, force, zone, recircTable, port, actions);
    }

    /** Puts {@code nat} first, where ovs-ofctl writes it ({@code ct(commit,nat(src=..),exec(..))}). */
    public Ct withNat(Nat nat) {
        List<Action> all = new ArrayList<>(actions.size() + 1);
        all.add(nat);
        all.addAll(actions);
        return new Ct(commit, force, zone, recircTable, alg, all);
    }

    /** Appends actions to run in the tracker ({@code exec(...)}). */
    public Ct withExec(Action... exec) {
        List<Action> all = new ArrayList<>(actions);
        all.addAll(List.of(exec));
        return new Ct(commit, force, zone, recircTable, alg, all);
    }

    /** As format_CT in Open vSwitch: a leading nat is written outside {@code exec(...)}. */
    @Override
    public String toOvsText() {
        StringBuilder s = new StringBuilder("ct(");
        if (commit) {
            s.append("commit,");
        }
        if (force) {
            s.append("force,");
        }
        if (recircTable != NO_RECIRC) {
            s.append("table=").append(recircTable).append(',');
        }
        if (zone instanceof CtZone.FromField || !zone.equals(CtZone.DEFAULT)) {
            s.append("zone=").append(zone.toOvsText()).append(',');
        }
        List<Action> rest = actions;
        if (!rest.isEmpty() && rest.get(0) instanceof Nat nat) {
            s.append(nat.toOvsText()).append(',');
            rest = rest.subList(1, rest.size());
        }
        if (!rest.isEmpty()) {
            s.append("exec(").append(Actions.toOvsText(rest)).append("),");
        }
        if (alg == ALG_FTP) {
            s.append("alg=ftp,");
        } else if (alg == ALG_TFTP) {
            s.append("alg=tftp,");
        } else if (alg != 0) {
            s.append("alg=").append(alg).append(',');
        }
        if (s.charAt(s.length() - 1) == ',') {
            s.setLength(s.length() - 1);
        }
        return s.append(')').toString();
    }
}
