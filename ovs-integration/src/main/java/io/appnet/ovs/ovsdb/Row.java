package io.appnet.ovs.ovsdb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The columns of one row as the host sent them, with readers that check the column's OVSDB type and throw
 * {@link OvsdbProtocolException} naming the column when it is missing or of another shape.
 */
public record Row(Map<String, Datum> columns) {

    public Row {
        columns = Map.copyOf(columns);
    }

    public static Row of(Map<String, Datum> columns) {
        return new Row(columns);
    }

    /** This row with the given columns replaced: how a "modify" row-update's "new" member applies. */
    public Row with(Map<String, Datum> changed) {
        Map<String, Datum> merged = new LinkedHashMap<>(columns);
        merged.putAll(changed);
        return new Row(merged);
    }

    /** A string column (min 1, max 1). */
    public String string(String column) {
        return optionalString(column).orElseThrow(
                () -> new OvsdbProtocolException("column '" + column + "' is empty, expected one string"));
    }

    /** A string column with min 0, max 1. */
    public Optional<String> optionalString(String column) {
        List<Atom> atoms = atoms(column, 1);
        if (atoms.isEmpty()) {
            return Optional.empty();
        }
        if (atoms.get(0) instanceof Atom.Str str) {
            return Optional.of(str.value());
        }
        throw wrongShape(column, "a string");
    }

    /** An integer column with min 0, max 1. */
    public OptionalLong optionalInteger(String column) {
        List<Atom> atoms = atoms(column, 1);
        if (atoms.isEmpty()) {
            return OptionalLong.empty();
        }
        if (atoms.get(0) instanceof Atom.Int integer) {
            return OptionalLong.of(integer.value());
        }
        throw wrongShape(column, "an integer");
    }

    /** A set of references (uuid atoms), in wire order. */
    public List<String> uuids(String column) {
        List<String> uuids = new ArrayList<>();
        for (Atom atom : atoms(column, Integer.MAX_VALUE)) {
            if (!(atom instanceof Atom.Uuid uuid)) {
                throw wrongShape(column, "a set of uuids");
            }
            uuids.add(uuid.value());
        }
        return List.copyOf(uuids);
    }

    /** A string-to-string map column such as external_ids or options. */
    public Map<String, String> stringMap(String column) {
        if (!(require(column) instanceof Datum.AtomMap map)) {
            throw wrongShape(column, "a map of strings to strings");
        }
        Map<String, String> strings = new LinkedHashMap<>();
        map.pairs().forEach((key, value) -> {
            if (!(key instanceof Atom.Str k) || !(value instanceof Atom.Str v)) {
                throw wrongShape(column, "a map of strings to strings");
            }
            strings.put(k.value(), v.value());
        });
        return Map.copyOf(strings);
    }

    private List<Atom> atoms(String column, int max) {
        if (!(require(column) instanceof Datum.AtomSet set) || set.atoms().size() > max) {
            throw wrongShape(column, max == 1 ? "at most one atom" : "a set");
        }
        return set.atoms();
    }

    private Datum require(String column) {
        Datum datum = columns.get(column);
        if (datum == null) {
            throw new OvsdbProtocolException("column '" + column + "' is missing");
        }
        return datum;
    }

    private OvsdbProtocolException wrongShape(String column, String expected) {
        return new OvsdbProtocolException("column '" + column + "' is not " + expected + ": "
                + OvsdbJson.abbreviate(OvsdbJson.datumToJson(columns.get(column))));
    }
}
