package io.appnet.compiler.model;

/**
 * The identity of a policy of any kind (app, group or service policy), 1..2^32-1. It names the
 * policy's flows in their cookies and, for a group policy, is its conjunction ID.
 */
public record PolicyId(long value) implements Comparable<PolicyId> {

    public static final long MAX = 0xFFFF_FFFFL;

    public PolicyId {
        if (value < 1 || value > MAX) {
            throw new ModelException("policy ID " + value + " is outside 1.." + MAX);
        }
    }

    public static PolicyId of(long value) {
        return new PolicyId(value);
    }

    @Override
    public int compareTo(PolicyId other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
