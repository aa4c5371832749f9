package io.openlva.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Json;
import io.openlva.launcher.LocalPipeline;

/**
 * A GrpcExtension graph end to end: the simulated camera through ingest and the sampler (raw bgr24, letterboxed to
 * 640×640) over LVA's gRPC extension protocol with shared memory to inference-service's own extension server (the
 * built-in YOLOv8n), whose answers come back as Inference events with normalized boxes (of the image sent, as LVA).
 */
@Order(1) // before PipelineSystemTest kills the inference process whose extension server it uses
class GrpcSystemTest {

    private static final String INSTANCE = "grpcCamera";

    @Test
    void theCamerasFramesGoThroughAGrpcExtensionWithSharedMemory() throws Exception {
        LocalPipeline sys = SystemPipeline.shared();
        sys.api().require("GraphTopologySet", SystemPipeline.resource("grpc-topology.json"));
        ObjectNode instance = (ObjectNode) Json.read("""
                {"@apiVersion":"2.0","name":"%s","properties":{"topologyName":"SystemGrpc","parameters":[
                  {"name":"rtspUrl","value":"%s"},
                  {"name":"grpcExtensionAddress","value":"%s"}]}}
                """.formatted(INSTANCE, sys.rtspUrl(), sys.grpcExtensionUrl()));
        sys.api().require("GraphInstanceSet", instance);
        Instant start = Instant.now();
        sys.api().require("GraphInstanceActivate", SystemPipeline.call("2.0", INSTANCE));
        try {
            GraphEvent person = Events.await(sys.events(), start, Duration.ofMinutes(3), "person detection over gRPC",
                    Events.detection(INSTANCE, "grpcExtension", "person"));
            assertThat(person.subject()).isEqualTo("/graphInstances/" + INSTANCE + "/processors/grpcExtension");
            person.body().path("inferences").forEach(inf -> {
                var box = inf.path("entity").path("box");
                for (String k : new String[] {"l", "t", "w", "h"}) {
                    assertThat(box.path(k).asDouble()).isBetween(0.0, 1.0);
                }
            });
        } finally {
            sys.api().require("GraphInstanceDeactivate", SystemPipeline.call("2.0", INSTANCE));
        }
    }
}
