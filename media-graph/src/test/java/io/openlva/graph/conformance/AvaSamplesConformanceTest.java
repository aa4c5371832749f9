package io.openlva.graph.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.Json;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.ParameterDeclaration;
import io.openlva.graph.model.Topology;
import io.openlva.graph.resolve.GraphResolver;
import io.openlva.graph.resolve.ResolvedGraph;
import io.openlva.graph.validate.GraphValidationException;

/**
 * Every valid AVA topology of the workplace (/work/shared/ava-samples, AVA 1.1) parses, validates and resolves, as
 * AVA's sample tools sent it (the file with {@code @apiVersion} added); the one broken upstream file is refused.
 * Skipped, with a message, where the folder is absent.
 */
class AvaSamplesConformanceTest {

    /** Not JSON upstream (a trailing comma); README of the corpus. */
    private static final String BROKEN = "spatial-analysis__custom-operation-topology.json";

    static Path samples() {
        String root = System.getProperty("openlva.project.root", ".");
        return Path.of(root, "..", "shared", "ava-samples").normalize();
    }

    static List<Path> topologies() throws IOException {
        Path dir = samples();
        if (!Files.isDirectory(dir)) {
            System.out.println("AVA sample conformance SKIPPED: " + dir + " not found");
        }
        Assumptions.assumeTrue(Files.isDirectory(dir),
                "AVA sample topologies not found at " + dir + ": conformance suite skipped");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** The file as AVA's tools sent it: the direct-method payload carries {@code @apiVersion}. */
    static String asSent(String file) {
        ObjectNode topology = (ObjectNode) Json.read(file);
        if (!topology.has("@apiVersion")) {
            topology.put("@apiVersion", "1.1");
        }
        return topology.toString();
    }

    @Test
    void everyValidSampleTopologyParsesValidatesAndResolves() throws IOException {
        List<Path> files = topologies();
        assertThat(files).hasSizeGreaterThanOrEqualTo(22);
        List<String> failures = new ArrayList<>();
        int accepted = 0;
        int valid = 0;
        for (Path f : files) {
            if (f.getFileName().toString().equals(BROKEN)) {
                continue;
            }
            valid++;
            try {
                Topology t = GraphJson.readTopology(asSent(Files.readString(f)));
                String params = t.parameters().stream().filter(p -> !p.hasDefault())
                        .map(p -> "{\"name\":\"" + p.name() + "\",\"value\":\"" + valueFor(p) + "\"}")
                        .reduce((a, b) -> a + "," + b).orElse("");
                Instance i = GraphJson.readInstance("{\"@apiVersion\":\"" + t.apiVersion() + "\",\"name\":\"camera-1\","
                        + "\"properties\":{\"topologyName\":\"" + t.name() + "\",\"parameters\":[" + params + "]}}");
                ResolvedGraph g = GraphResolver.resolve(t, i);
                assertThat(g.nodes()).as(f.toString()).hasSize(t.nodes().size());
                assertThat(GraphJson.readTopology(GraphJson.writeTopologyForStorage(t))).as(f.toString()).isEqualTo(t);
                accepted++;
            } catch (GraphValidationException | IllegalArgumentException e) {
                failures.add(samples().relativize(f) + ": " + e.getMessage());
            }
        }
        System.out.println("AVA sample conformance: " + accepted + " of " + valid + " valid topologies accepted"
                + (failures.isEmpty() ? "" : "; refused: " + failures));
        assertThat(failures).isEmpty();
        assertThat(valid).isGreaterThanOrEqualTo(21);
    }

    @Test
    void theBrokenSampleIsRefusedWithAnErrorNotACrash() throws IOException {
        topologies();
        String broken = Files.readString(samples().resolve(BROKEN));
        assertThatThrownBy(() -> GraphJson.readTopology(broken)).isInstanceOf(GraphValidationException.class);
    }

    private static String valueFor(ParameterDeclaration p) {
        String n = p.name().toLowerCase();
        if (n.contains("rtsp") && !n.contains("user") && !n.contains("pass")) {
            return "rtsp://camera.local:554/stream1";
        }
        if (n.contains("url") || n.contains("address")) {
            return "http://extension.local:8080/score";
        }
        return "value";
    }
}
