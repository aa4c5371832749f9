package io.openlva.graph.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.Json;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.ParameterDeclaration;
import io.openlva.graph.model.Topology;
import io.openlva.graph.resolve.GraphResolver;
import io.openlva.graph.resolve.ResolvedGraph;
import io.openlva.graph.validate.GraphValidationException;

/**
 * Every LVA sample topology of the workplace (/work/shared/lva-samples) parses, validates and resolves.
 * Skipped, with a message, where the folder is absent.
 */
class LvaSamplesConformanceTest {

    static Path samples() {
        String root = System.getProperty("openlva.project.root", ".");
        return Path.of(root, "..", "shared", "lva-samples").normalize();
    }

    static List<Path> topologies() throws IOException {
        Path dir = samples();
        if (!Files.isDirectory(dir)) {
            System.out.println("LVA sample conformance SKIPPED: " + dir + " not found");
        }
        Assumptions.assumeTrue(Files.isDirectory(dir),
                "LVA sample topologies not found at " + dir + ": conformance suite skipped");
        List<Path> out = new ArrayList<>();
        for (String sub : List.of("topologies-1.0", "topologies-2.0")) {
            Path d = dir.resolve(sub);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(out::add);
                }
            }
        }
        return out;
    }

    @Test
    void everySampleTopologyParsesValidatesAndResolves() throws IOException {
        List<Path> files = topologies();
        assertThat(files).hasSizeGreaterThanOrEqualTo(38);
        List<String> failures = new ArrayList<>();
        int accepted = 0;
        for (Path f : files) {
            try {
                Topology t = GraphJson.readTopology(Files.readString(f));
                String params = t.parameters().stream().filter(p -> !p.hasDefault())
                        .map(p -> "{\"name\":\"" + p.name() + "\",\"value\":\"" + valueFor(p) + "\"}")
                        .reduce((a, b) -> a + "," + b).orElse("");
                Instance i = GraphJson.readInstance("{\"@apiVersion\":\"" + t.apiVersion() + "\",\"name\":\"camera-1\","
                        + "\"properties\":{\"topologyName\":\"" + t.name() + "\",\"parameters\":[" + params + "]}}");
                ResolvedGraph g = GraphResolver.resolve(t, i);
                assertThat(g.nodes()).hasSize(t.nodes().size());
                assertThat(GraphJson.readTopology(GraphJson.writeTopologyForStorage(t))).isEqualTo(t);
                // the samples' passwords are String parameters used as credentials: masked all the same
                JsonNode masked = Json.read(GraphJson.writeTopology(t));
                assertThat(GraphJson.secretParameters(t)).as(f.toString()).contains("rtspPassword");
                for (JsonNode p : masked.path("properties").path("parameters")) {
                    if (GraphJson.secretParameters(t).contains(p.path("name").asText()) && p.has("default")) {
                        assertThat(p.get("default").isNull()).as(f + " " + p.path("name").asText()).isTrue();
                    }
                }
                accepted++;
            } catch (GraphValidationException e) {
                failures.add(samples().relativize(f) + ": " + e.getMessage());
            }
        }
        System.out.println("LVA sample conformance: " + accepted + " of " + files.size() + " topologies accepted");
        assertThat(failures).isEmpty();
    }

    private static String valueFor(ParameterDeclaration p) {
        String n = p.name().toLowerCase();
        if (n.contains("rtsp")) {
            return "rtsp://camera.local:554/stream1";
        }
        if (n.contains("url") || n.contains("address")) {
            return "http://extension.local:8080/score";
        }
        return "value";
    }
}
