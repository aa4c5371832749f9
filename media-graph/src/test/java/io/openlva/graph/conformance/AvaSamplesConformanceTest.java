package io.openlva.graph.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.Json;
import io.openlva.graph.model.Topology;
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

    private static final SampleCorpus CORPUS = new SampleCorpus("AVA", "ava-samples");

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
        List<Path> files = CORPUS.topologies();
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
                ResolvedGraph g = SampleCorpus.resolve(t);
                assertThat(g.nodes()).as(f.toString()).hasSize(t.nodes().size());
                assertThat(GraphJson.readTopology(GraphJson.writeTopologyForStorage(t))).as(f.toString()).isEqualTo(t);
                accepted++;
            } catch (GraphValidationException | IllegalArgumentException e) {
                failures.add(CORPUS.dir().relativize(f) + ": " + e.getMessage());
            }
        }
        System.out.println("AVA sample conformance: " + accepted + " of " + valid + " valid topologies accepted"
                + (failures.isEmpty() ? "" : "; refused: " + failures));
        assertThat(failures).isEmpty();
        assertThat(valid).isGreaterThanOrEqualTo(21);
    }

    @Test
    void theBrokenSampleIsRefusedWithAnErrorNotACrash() throws IOException {
        CORPUS.topologies();
        String broken = Files.readString(CORPUS.dir().resolve(BROKEN));
        assertThatThrownBy(() -> GraphJson.readTopology(broken)).isInstanceOf(GraphValidationException.class);
    }
}
