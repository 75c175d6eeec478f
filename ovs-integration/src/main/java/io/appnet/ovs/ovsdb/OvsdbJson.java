package io.appnet.ovs.ovsdb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 7047 section 5.1 notation: atoms and datums to and from JSON, and the strict JSON reader. */
final class OvsdbJson {

    /** OVSDB messages nest about eight levels deep; a thousand-level array is an attack, not a row. */
    private static final int MAX_NESTING_DEPTH = 64;

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Strict: duplicate member names and trailing tokens are errors (NaN already is); nesting depth is bounded. */
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private OvsdbJson() {
    }

    static Atom parseAtom(JsonNode json) {
        if (json.isTextual()) {
            return Atom.string(json.textValue());
        }
        if (json.isIntegralNumber()) {
            if (!json.canConvertToLong()) {
                throw new OvsdbProtocolException("integer atom out of the 64-bit range: " + json);
            }
            return Atom.integer(json.longValue());
        }
        if (json.isFloatingPointNumber()) {
            return new Atom.Real(json.doubleValue());
        }
        if (json.isBoolean()) {
            return new Atom.Bool(json.booleanValue());
        }
        if (json.isArray() && json.size() == 2 && json.get(0).isTextual() && json.get(1).isTextual()) {
            String value = json.get(1).textValue();
            try {
                switch (json.get(0).textValue()) {
                    case "uuid":
                        return Atom.uuid(value);
                    case "named-uuid":
                        return Atom.namedUuid(value);
                    default:
                        break;
                }
            } catch (IllegalArgumentException e) {
                throw new OvsdbProtocolException(e.getMessage(), e);
            }
        }
        throw new OvsdbProtocolException("not an OVSDB atom: " + abbreviate(json));
    }

    static Datum parseDatum(JsonNode json) {
        if (json.isArray() && json.size() == 2 && json.get(0).isTextual()) {
            String tag = json.get(0).textValue();
            JsonNode body = json.get(1);
            if (tag.equals("set")) {
                return Datum.set(parseAtoms(requireArray(body, "set")));
            }
            if (tag.equals("map")) {
                return parseMap(requireArray(body, "map"));
            }
        }
        return Datum.of(parseAtom(json));
    }

    private static List<Atom> parseAtoms(ArrayNode elements) {
        List<Atom> atoms = new ArrayList<>(elements.size());
        for (JsonNode element : elements) {
            Atom atom = parseAtom(element);
            if (atoms.contains(atom)) {
                throw new OvsdbProtocolException("set repeats the element " + abbreviate(element));
            }
            atoms.add(atom);
        }
        return atoms;
    }

    private static Datum parseMap(ArrayNode pairs) {
        Map<Atom, Atom> map = new LinkedHashMap<>();
        for (JsonNode pair : pairs) {
            if (!pair.isArray() || pair.size() != 2) {
                throw new OvsdbProtocolException("map element is not a [key, value] pair: " + abbreviate(pair));
            }
            Atom key = parseAtom(pair.get(0));
            if (map.put(key, parseAtom(pair.get(1))) != null) {
                throw new OvsdbProtocolException("map repeats the key " + abbreviate(pair.get(0)));
            }
        }
        return Datum.map(map);
    }

    private static ArrayNode requireArray(JsonNode json, String tag) {
        if (!json.isArray()) {
            throw new OvsdbProtocolException("\"" + tag + "\" needs an array, not " + abbreviate(json));
        }
        return (ArrayNode) json;
    }

    static JsonNode atomToJson(Atom atom) {
        if (atom instanceof Atom.Str str) {
            return NODES.textNode(str.value());
        } else if (atom instanceof Atom.Int integer) {
            return NODES.numberNode(integer.value());
        } else if (atom instanceof Atom.Real real) {
            return NODES.numberNode(real.value());
        } else if (atom instanceof Atom.Bool bool) {
            return NODES.booleanNode(bool.value());
        } else if (atom instanceof Atom.Uuid uuid) {
            return NODES.arrayNode().add("uuid").add(uuid.value());
        } else {
            return NODES.arrayNode().add("named-uuid").add(((Atom.NamedUuid) atom).name());
        }
    }

    /** A set of exactly one atom is written as the bare atom, as OVS does; other sets and all maps are tagged. */
    static JsonNode datumToJson(Datum datum) {
        if (datum instanceof Datum.AtomSet set) {
            if (set.atoms().size() == 1) {
                return atomToJson(set.atoms().get(0));
            }
            ArrayNode atoms = NODES.arrayNode();
            set.atoms().forEach(atom -> atoms.add(atomToJson(atom)));
            return NODES.arrayNode().add("set").add(atoms);
        }
        ArrayNode pairs = NODES.arrayNode();
        ((Datum.AtomMap) datum).pairs().forEach((key, value) ->
                pairs.add(NODES.arrayNode().add(atomToJson(key)).add(atomToJson(value))));
        return NODES.arrayNode().add("map").add(pairs);
    }

    /** Columns of a row object: {@code {"name": datum, ...}}. */
    static Map<String, Datum> parseColumns(JsonNode json) {
        if (!json.isObject()) {
            throw new OvsdbProtocolException("a row must be a JSON object, not " + abbreviate(json));
        }
        Map<String, Datum> columns = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> column : json.properties()) {
            try {
                columns.put(column.getKey(), parseDatum(column.getValue()));
            } catch (OvsdbProtocolException e) {
                throw new OvsdbProtocolException("column '" + column.getKey() + "': " + e.getMessage(), e);
            }
        }
        return columns;
    }

    static JsonNode columnsToJson(Map<String, Datum> columns) {
        var object = NODES.objectNode();
        columns.forEach((name, datum) -> object.set(name, datumToJson(datum)));
        return object;
    }

    /** Short enough for a log line, whatever a hostile peer sent. */
    static String abbreviate(JsonNode json) {
        String text = json.toString();
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
