package io.openlva.graph.codec;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.graph.model.Secrets;
import io.openlva.graph.validate.ErrorCodes;
import io.openlva.graph.validate.Problems;

/**
 * Reads the properties of one JSON object, reporting each problem with the path of the property.
 *
 * <p>Property names match case-insensitively (LVA's JSON.NET did; a 1.0 sample spells
 * {@code LocalMediaCacheMaximumSizeMiB}). Scalars may be JSON strings, numbers or booleans (samples use
 * {@code "30"} and {@code 30} alike). In lenient mode (reading a topology before an instance gives values),
 * a typed value that still holds a {@code ${parameter}} reference is not checked and reads as absent.
 */
public final class PropertyReader {

    private final JsonNode node;
    private final String path;
    private final Problems problems;
    private final boolean lenient;
    private final UnaryOperator<String> defaults;

    public PropertyReader(JsonNode node, String path, Problems problems, boolean lenient) {
        this(node, path, problems, lenient, UnaryOperator.identity());
    }

    /**
     * @param defaults in lenient mode, substitutes parameter defaults into a typed value's text so it can be
     *                 checked and read; string values are returned as written
     */
    public PropertyReader(JsonNode node, String path, Problems problems, boolean lenient, UnaryOperator<String> defaults) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        this.lenient = lenient;
        this.defaults = defaults;
    }

    public String path() {
        return path;
    }

    public String path(String property) {
        return path.isEmpty() ? property : path + "." + property;
    }

    public Problems problems() {
        return problems;
    }

    public boolean lenient() {
        return lenient;
    }

    public JsonNode node() {
        return node;
    }

    /** The value of a property (case-insensitive name), or null when absent or JSON null. */
    public JsonNode get(String property) {
        JsonNode v = node.get(property);
        if (v == null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equalsIgnoreCase(property)) {
                    v = e.getValue();
                    break;
                }
            }
        }
        return v == null || v.isNull() || v.isMissingNode() ? null : v;
    }

    public boolean has(String property) {
        return get(property) != null;
    }

    /** The exact spelling of a property present in the document (for paths), or the given one. */
    private String spelled(String property) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (k.equalsIgnoreCase(property)) {
                return k;
            }
        }
        return property;
    }

    public String target(String property) {
        return path(spelled(property));
    }

    public void error(String code, String property, String message) {
        problems.add(code, target(property), message);
    }

    private void required(String property) {
        error(ErrorCodes.PROPERTY_REQUIRED, property, "The property '" + property + "' is required.");
    }

    /** A nested object, or null when absent (reported when required). */
    public PropertyReader object(String property, boolean required) {
        JsonNode v = get(property);
        if (v == null) {
            if (required) {
                required(property);
            }
            return null;
        }
        if (!v.isObject()) {
            error(ErrorCodes.INVALID_PROPERTY_VALUE, property, "The property '" + property + "' must be an object.");
            return null;
        }
        return new PropertyReader(v, target(property), problems, lenient, defaults);
    }

    /** Elements of an array of objects; empty when absent (reported when required). */
    public List<PropertyReader> objects(String property, boolean required) {
        JsonNode v = get(property);
        List<PropertyReader> out = new ArrayList<>();
        if (v == null) {
            if (required) {
                required(property);
            }
            return out;
        }
        if (!v.isArray()) {
            error(ErrorCodes.INVALID_PROPERTY_VALUE, property, "The property '" + property + "' must be an array.");
            return out;
        }
        String base = target(property);
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isObject()) {
                problems.add(ErrorCodes.INVALID_PROPERTY_VALUE, base + "[" + i + "]", "The element must be an object.");
                continue;
            }
            out.add(new PropertyReader(e, base + "[" + i + "]", problems, lenient, defaults));
        }
        return out;
    }

    /** Raw text of a scalar property; null when absent (reported when required) or not a scalar. */
    public String string(String property, boolean required) {
        JsonNode v = get(property);
        if (v == null) {
            if (required) {
                required(property);
            }
            return null;
        }
        if (!v.isValueNode()) {
            error(ErrorCodes.INVALID_PROPERTY_VALUE, property, "The property '" + property + "' must be a string.");
            return null;
        }
        String s = v.asText();
        if (required && s.isBlank()) {
            required(property);
            return null;
        }
        return s;
    }

    /**
     * The text of a typed value. In lenient mode, references take their parameter's default; a reference
     * without default leaves the value unchecked (null) until an instance gives it.
     */
    private String typed(String property, boolean required) {
        String s = string(property, required);
        if (s != null && lenient && s.contains("${")) {
            s = defaults.apply(s);
            if (s.contains("${")) {
                return null;
            }
        }
        return s == null ? null : s.trim();
    }

    private void invalid(String property, String text, String expected) {
        error(ErrorCodes.INVALID_PROPERTY_VALUE, property,
                "The value '" + Secrets.maskUrl(text) + "' of '" + property + "' is invalid: expected " + expected + ".");
    }

    public Long integer(String property, boolean required, long min, long max) {
        String s = typed(property, required);
        if (s == null) {
            return null;
        }
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            try {
                double d = Double.parseDouble(s);
                if (d != Math.rint(d)) {
                    throw e;
                }
                v = (long) d;
            } catch (NumberFormatException e2) {
                invalid(property, s, "an integer");
                return null;
            }
        }
        if (v < min || v > max) {
            invalid(property, s, "an integer from " + min + " to " + max);
            return null;
        }
        return v;
    }

    public Integer intValue(String property, boolean required, int min, int max) {
        Long v = integer(property, required, min, max);
        return v == null ? null : v.intValue();
    }

    /** A number in [min, max]; {@code exclusiveMin} excludes min itself. */
    public Double number(String property, boolean required, double min, boolean exclusiveMin, double max) {
        String s = typed(property, required);
        if (s == null) {
            return null;
        }
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            invalid(property, s, "a number");
            return null;
        }
        if (!Double.isFinite(v) || v < min || exclusiveMin && v == min || v > max) {
            invalid(property, s, "a number " + (exclusiveMin ? "greater than " : "from ") + min + (max < Double.MAX_VALUE ? " to " + max : ""));
            return null;
        }
        return v;
    }

    public Boolean bool(String property, boolean required) {
        String s = typed(property, required);
        if (s == null) {
            return null;
        }
        String l = s.toLowerCase(Locale.ROOT);
        if (!l.equals("true") && !l.equals("false")) {
            invalid(property, s, "true or false");
            return null;
        }
        return l.equals("true");
    }

    /** An ISO-8601 duration ({@code PT30S}, {@code -PT5S}) in [min, max]. */
    public Duration duration(String property, boolean required, Duration min, Duration max) {
        String s = typed(property, required);
        if (s == null) {
            return null;
        }
        Duration d;
        try {
            d = Duration.parse(s);
        } catch (DateTimeParseException e) {
            invalid(property, s, "an ISO-8601 duration such as PT30S");
            return null;
        }
        if (min != null && d.compareTo(min) < 0 || max != null && d.compareTo(max) > 0) {
            invalid(property, s, "a duration from " + min + " to " + max);
            return null;
        }
        return d;
    }

    /** One of a fixed set of values, matched case-insensitively. */
    public <T> T choice(String property, boolean required, Function<String, T> parse, String allowed) {
        String s = typed(property, required);
        if (s == null) {
            return null;
        }
        try {
            T v = parse.apply(s);
            if (v != null) {
                return v;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        invalid(property, s, "one of " + allowed);
        return null;
    }

    /** One of the given words (case-insensitive), returned in the given spelling. */
    public String word(String property, boolean required, List<String> allowed) {
        return choice(property, required, s -> allowed.stream().filter(a -> a.equalsIgnoreCase(s)).findFirst().orElse(null),
                String.join(", ", allowed));
    }
}
