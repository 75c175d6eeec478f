package io.appnet.ovs.ovsdb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value of one column (RFC 7047 section 5.1): a set of atoms (a scalar is a set of one; an optional
 * value a set of zero or one) or a map of atoms to atoms. Immutable.
 */
public sealed interface Datum {

    record AtomSet(List<Atom> atoms) implements Datum {
        public AtomSet {
            atoms = List.copyOf(atoms);
        }
    }

    /** Pairs in insertion order (the wire order); equality ignores order. */
    record AtomMap(Map<Atom, Atom> pairs) implements Datum {
        public AtomMap {
            pairs = Collections.unmodifiableMap(new LinkedHashMap<>(pairs));
        }
    }

    static Datum of(Atom atom) {
        return new AtomSet(List.of(atom));
    }

    static Datum string(String value) {
        return of(Atom.string(value));
    }

    static Datum set(List<Atom> atoms) {
        return new AtomSet(atoms);
    }

    static Datum empty() {
        return new AtomSet(List.of());
    }

    static Datum map(Map<Atom, Atom> pairs) {
        return new AtomMap(pairs);
    }

    static Datum stringMap(Map<String, String> pairs) {
        Map<Atom, Atom> atoms = new LinkedHashMap<>();
        pairs.forEach((key, value) -> atoms.put(Atom.string(key), Atom.string(value)));
        return new AtomMap(atoms);
    }
}
