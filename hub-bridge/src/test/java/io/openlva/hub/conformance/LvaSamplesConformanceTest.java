package io.openlva.hub.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.hub.SharedKafkaResource;
import io.openlva.graph.contract.Json;
import io.openlva.hub.TutorialReplay;
import io.openlva.hub.api.GraphApiTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every LVA sample topology (../shared/lva-samples, present in the project's workplace only) is accepted by
 * GraphTopologySet, unchanged. Skipped, with the reason printed, where the folder is absent.
 */
@QuarkusTest
@QuarkusTestResource(value = SharedKafkaResource.class, restrictToAnnotatedClass = false)
class LvaSamplesConformanceTest {

    static Path samples() {
        String root = System.getProperty("openlva.project.root");
        return root == null ? null : Path.of(root).resolve("../shared/lva-samples").normalize();
    }

    static Stream<String> sampleFiles() throws IOException {
        Path dir = samples();
        if (dir == null || !Files.isDirectory(dir)) {
            System.out.println("[hub-bridge] LVA sample conformance SKIPPED: " + dir + " is absent");
            return Stream.of("(no lva-samples folder)");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<String> list = files.filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> p.getParent().getFileName().toString().startsWith("topologies"))
                    .map(p -> dir.relativize(p).toString()).sorted().toList();
            return list.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleFiles")
    void sampleTopologyIsAccepted(String file) throws IOException {
        Path dir = samples();
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir),
                "LVA samples folder (openlva.project.root/../shared/lva-samples) absent: conformance not checked");
        String json = Files.readString(dir.resolve(file));
        ObjectNode topology = (ObjectNode) Json.read(json);
        String name = topology.path("name").asText();
        TutorialReplay.Reply set = GraphApiTest.method("GraphTopologySet", json);
        assertThat(set.status()).as(file + ": " + set.payload()).isIn(200, 201);
        TutorialReplay.Reply get = GraphApiTest.method("GraphTopologyGet",
                "{\"@apiVersion\":\"" + topology.path("@apiVersion").asText() + "\",\"name\":\"" + name + "\"}");
        assertThat(get.status()).isEqualTo(200);
        assertThat(Json.read(get.payload()).path("name").asText()).isEqualTo(name);
        TutorialReplay.Reply delete = GraphApiTest.method("GraphTopologyDelete",
                "{\"@apiVersion\":\"" + topology.path("@apiVersion").asText() + "\",\"name\":\"" + name + "\"}");
        assertThat(delete.status()).isIn(200, 409); // 409 only when an instance of another test uses the name
    }
}
