package io.openlva.sampler.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.model.FrameRateFilterProcessor;
import io.openlva.graph.model.GrpcExtension;
import io.openlva.graph.model.HttpExtension;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.MotionDetectionProcessor;
import io.openlva.graph.model.Node;
import io.openlva.graph.model.ParameterDeclaration;
import io.openlva.graph.model.Topology;
import io.openlva.graph.resolve.GraphResolver;
import io.openlva.graph.resolve.ResolvedGraph;
import io.openlva.sampler.flow.StreamPlan;
import io.openlva.sampler.graph.PlanBuilder;
import io.openlva.sampler.support.Graphs;

/**
 * Extra suite over LVA's own sample topologies (the workplace's shared folder, absent elsewhere): every
 * frame-rate filter, motion node and extension fed from the camera gets its step in the sampler's plan.
 */
class SharedSamplesConformanceTest {

    @TestFactory
    Stream<DynamicTest> everySampleTopologyPlans() throws IOException {
        String root = System.getProperty("openlva.project.root");
        Path samples = root == null ? null : Path.of(root).resolve("../shared/lva-samples").normalize();
        Assumptions.assumeTrue(samples != null && Files.isDirectory(samples),
                "SKIPPED: LVA sample topologies not found (openlva.project.root/../shared/lva-samples); conformance suite not run");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(samples)) {
            files = walk.filter(p -> p.toString().endsWith(".json") && p.getParent().getFileName().toString().startsWith("topologies"))
                    .sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(30);
        return files.stream().map(f -> DynamicTest.dynamicTest(samples.relativize(f).toString(), () -> check(f)));
    }

    private static void check(Path file) throws IOException {
        Topology t = GraphJson.readTopology(Files.readString(file));
        Map<String, String> params = new HashMap<>();
        for (ParameterDeclaration p : t.parameters()) {
            if (p.defaultValue() == null) {
                params.put(p.name(), p.name().toLowerCase(Locale.ROOT).contains("url") ? "rtsp://127.0.0.1:8554/cam" : "1");
            }
        }
        Instance i = GraphJson.readInstance(Graphs.instanceJson(t.apiVersion(), "conformance", t.name(), params));
        ResolvedGraph g = GraphResolver.resolve(t, i);
        Map<StreamKey, StreamPlan> plans = new PlanBuilder(90).plans("conformance", g.nodes());
        List<String> planned = plans.values().stream().flatMap(p -> p.steps().stream()).map(StreamPlan.Step::name).toList();
        for (Node n : g.nodes()) {
            boolean fedByCamera = n.inputs().stream().anyMatch(in -> g.node(in.nodeName())
                    .map(u -> u.kind().name().equals("RTSP_SOURCE") || u instanceof FrameRateFilterProcessor
                            || u instanceof MotionDetectionProcessor)
                    .orElse(false) && in.passesMediaType("video"));
            boolean ours = n instanceof FrameRateFilterProcessor || n instanceof MotionDetectionProcessor
                    || n instanceof HttpExtension || n instanceof GrpcExtension;
            if (ours && fedByCamera) {
                assertThat(planned).as("%s: node %s", file.getFileName(), n.name()).contains(n.name());
            }
        }
    }
}
