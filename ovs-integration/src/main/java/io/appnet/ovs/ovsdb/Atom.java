package io.appnet.ovs.ovsdb;

import java.util.Locale;
import java.util.regex.Pattern;

/** One OVSDB atom (RFC 7047 section 5.1): a string, integer, real, boolean, uuid or named-uuid. */
public sealed interface Atom {

    Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** A named-uuid is an {@code <id>}: what OVS's own parser accepts. */
    Pattern ID = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    record Str(String value) implements Atom {
        public Str {
            if (value == null) {
                throw new IllegalArgumentException("a string atom cannot be null");
            }
        }
    }

    record Int(long value) implements Atom { }

    record Real(double value) implements Atom {
        public Real {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("a real atom must be finite, not " + value);
            }
        }
    }

    record Bool(boolean value) implements Atom { }

    /** A reference to an existing row. */
    record Uuid(String value) implements Atom {
        public Uuid {
            if (value == null || !UUID.matcher(value).matches()) {
                throw new IllegalArgumentException("'" + value + "' is not a UUID");
            }
            value = value.toLowerCase(Locale.ROOT);
        }
    }

    /** A reference to a row inserted earlier in the same transaction under this name. */
    record NamedUuid(String name) implements Atom {
        public NamedUuid {
            if (name == null || !ID.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a valid named-uuid");
            }
        }
    }

    static Atom string(String value) {
        return new Str(value);
    }

    static Atom integer(long value) {
        return new Int(value);
    }

    static Atom uuid(String value) {
        return new Uuid(value);
    }

    static Atom namedUuid(String name) {
        return new NamedUuid(name);
    }
}
