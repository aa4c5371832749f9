package io.openlva.graph.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.Json;
import io.openlva.graph.model.Topology;
import io.openlva.graph.resolve.ResolvedGraph;
import io.openlva.graph.validate.GraphValidationException;

/**
 * Every LVA sample topology of the workplace (/work/shared/lva-samples) parses, validates and resolves.
 * Skipped, with a message, where the folder is absent.
 */
class LvaSamplesConformanceTest {

    private static final SampleCorpus CORPUS = new SampleCorpus("LVA", "lva-samples");

    @Test
    void everySampleTopologyParsesValidatesAndResolves() throws IOException {
        List<Path> files = CORPUS.topologies("topologies-1.0", "topologies-2.0");
        assertThat(files).hasSizeGreaterThanOrEqualTo(38);
        List<String> failures = new ArrayList<>();
        int accepted = 0;
        for (Path f : files) {
            try {
                Topology t = GraphJson.readTopology(Files.readString(f));
                ResolvedGraph g = SampleCorpus.resolve(t);
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
                failures.add(CORPUS.dir().relativize(f) + ": " + e.getMessage());
            }
        }
        System.out.println("LVA sample conformance: " + accepted + " of " + files.size() + " topologies accepted");
        assertThat(failures).isEmpty();
    }
}
