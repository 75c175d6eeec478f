package io.appnet.openflow.action;

/**
 * NXAST_CONJUNCTION: this flow is clause {@code clause} of {@code nClauses} of conjunctive flow {@code id}.
 *
 * @param clause 1-based, as ovs-ofctl writes it ({@code conjunction(id,clause/nClauses)}); the wire is 0-based
 */
public record Conjunction(long id, int clause, int nClauses) implements Action {
    public Conjunction {
        if (id < 0 || id > 0xffffffffL) {
            throw new IllegalArgumentException("conjunction id " + id + " is not a 32-bit unsigned number");
        }
        if (nClauses < 2 || nClauses > 64) {
            throw new IllegalArgumentException("conjunction needs 2..64 clauses, got " + nClauses);
        }
        if (clause < 1 || clause > nClauses) {
            throw new IllegalArgumentException("conjunction clause " + clause + " is outside 1.." + nClauses);
        }
    }

    @Override
    public String toOvsText() {
        return "conjunction(" + id + "," + clause + "/" + nClauses + ")";
    }
}
