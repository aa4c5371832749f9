package io.openlva.graph.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An AVA line-crossing line ({@code #Microsoft.VideoAnalyzer.NamedLineString}): {@code line} is the JSON text of its
 * two points, start then end, each {@code [LEFT, TOP]} as ratios of the frame from 0.0 to 1.0, e.g.
 * {@code "[[0.3, 0.2],[0.9, 0.8]]"} (a JSON array inside a string, as AVA's API has it).
 */
public record NamedLine(String name, String line) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a line's text must be, for error messages. */
    public static final String FORMAT = "two points [[left, top], [left, top]], each from 0.0 to 1.0";

    /** The line's points as {@code {startLeft, startTop, endLeft, endTop}}. */
    public double[] points() {
        return points(line);
    }

    /**
     * Parses a line's text.
     *
     * @throws IllegalArgumentException when it is not {@link #FORMAT}, or both points are the same
     */
    public static double[] points(String line) {
        JsonNode json;
        try {
            json = JSON.readTree(line);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("not JSON: " + line);
        }
        if (json == null || !json.isArray() || json.size() != 2) {
            throw new IllegalArgumentException("expected " + FORMAT);
        }
        double[] out = new double[4];
        for (int p = 0; p < 2; p++) {
            JsonNode point = json.get(p);
            if (!point.isArray() || point.size() != 2) {
                throw new IllegalArgumentException("expected " + FORMAT);
            }
            for (int c = 0; c < 2; c++) {
                JsonNode v = point.get(c);
                double d = v.isNumber() ? v.asDouble() : v.isTextual() ? Double.parseDouble(v.asText().trim()) : Double.NaN;
                if (!(d >= 0 && d <= 1)) {
                    throw new IllegalArgumentException("expected " + FORMAT);
                }
                out[p * 2 + c] = d;
            }
        }
        if (out[0] == out[2] && out[1] == out[3]) {
            throw new IllegalArgumentException("the start and end of a line must differ");
        }
        return out;
    }
}
