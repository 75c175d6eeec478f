package io.appnet.compiler.model;

/**
 * Checks the opaque identifiers of the model (app GUIDs, host, instance, group and service names), and the names
 * people give things that are not identifiers (a destination's name).
 */
final class Names {

    static final int MAX_LENGTH = 128;

    private Names() {
    }

    /** Non-empty, at most 128 characters, printable ASCII without spaces. */
    static String check(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new ModelException(what + " must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new ModelException(what + " '" + name.substring(0, 20) + "...' is longer than " + MAX_LENGTH
                    + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new ModelException(what + " '" + name + "' has a space or a character that is not printable"
                        + " ASCII at position " + i);
            }
        }
        return name;
    }

    static final int MAX_LABEL_LENGTH = 255;

    /**
     * A name for people, as Cloud Foundry allows one ("oracle database"): not blank, at most 255 characters, any
     * but control characters, so that it prints on one line in the shell and the log.
     */
    static String checkLabel(String what, String name) {
        if (name == null || name.isBlank()) {
            throw new ModelException(what + " must not be empty");
        }
        if (name.length() > MAX_LABEL_LENGTH) {
            throw new ModelException(what + " '" + name.substring(0, 20) + "...' is longer than " + MAX_LABEL_LENGTH
                    + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new ModelException(what + " '" + name.replaceAll("\\p{Cntrl}", "?")
                        + "' has a control character at position " + i);
            }
        }
        return name;
    }
}
