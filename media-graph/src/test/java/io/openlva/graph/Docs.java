package io.openlva.graph;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.Topology;

/** The project's own topologies and instances under src/test/resources/topologies. */
public final class Docs {

    public static final String LVA_1 = "lva-1.0-motion-http-files";
    public static final String LVA_2 = "lva-2.0-evr-tls";
    public static final String AVA = "ava-1.1-line-crossing";
    public static final String ONNX = "openlva-onnx";

    private Docs() {
    }

    public static String text(String name) {
        try (InputStream in = Docs.class.getResourceAsStream("/topologies/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no test document " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Topology topology(String name) {
        return GraphJson.readTopology(text(name));
    }

    public static Instance instance(String name) {
        return GraphJson.readInstance(text(name + ".instance"));
    }
}
