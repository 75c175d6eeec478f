package io.appnet.compiler.firewall;

import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Something the rules of a table need that the device does not offer there, and the policies that need it. */
public record Unsupported(int tableId, String what, SortedSet<Long> policies) {

    public Unsupported {
        policies = Collections.unmodifiableSortedSet(new TreeSet<>(policies));
    }

    @Override
    public String toString() {
        return "table " + tableId + ": " + what + " (needed by "
                + (policies.equals(Set.of(0L)) ? "source classification" : policiesText()) + ")";
    }

    private String policiesText() {
        StringBuilder text = new StringBuilder();
        for (long policy : policies) {
            text.append(text.length() == 0 ? "" : ", ").append(policy == 0 ? "source classification" : "policy " + policy);
        }
        return text.toString();
    }
}
