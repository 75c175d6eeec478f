package io.appnet.compiler.model;

import java.util.function.IntPredicate;

/**
 * Checks the opaque identifiers of the model (app GUIDs, host, instance, group and service names), and the names
 * people give things that are not identifiers (a destination's name).
 */
final class Names {

    static final int MAX_LENGTH = 128;
    static final int MAX_LABEL_LENGTH = 255;

    private Names() {
    }

    /** Non-empty, at most 128 characters, printable ASCII without spaces. */
    static String check(String what, String name) {
        return checked(what, name, MAX_LENGTH, c -> c >= 0x21 && c <= 0x7e,
                "a space or a character that is not printable ASCII");
    }

    /**
     * A name for people, as Cloud Foundry allows one ("oracle database"): not blank, at most 255 characters, any
     * but control characters, so that it prints on one line in the shell and the log.
     */
    static String checkLabel(String what, String name) {
        return checked(what, name, MAX_LABEL_LENGTH, c -> !Character.isISOControl(c), "a control character");
    }

    private static String checked(String what, String name, int maxLength, IntPredicate allowed, String refused) {
        if (name == null || name.isBlank()) {
            throw new ModelException(what + " must not be empty");
        }
        if (name.length() > maxLength) {
            throw new ModelException(what + " '" + name.substring(0, 20) + "...' is longer than " + maxLength
                    + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!allowed.test(name.charAt(i))) {
                throw new ModelException(what + " '" + name.replaceAll("\\p{Cntrl}", "?") + "' has " + refused
                        + " at position " + i);
            }
        }
        return name;
    }
}
