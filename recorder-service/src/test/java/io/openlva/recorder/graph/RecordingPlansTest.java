package io.openlva.recorder.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.model.AssetSink;
import io.openlva.graph.model.Endpoint;
import io.openlva.graph.model.EndpointKind;
import io.openlva.graph.model.FileSink;
import io.openlva.graph.model.HttpExtension;
import io.openlva.graph.model.Node;
import io.openlva.graph.model.NodeInput;
import io.openlva.graph.model.NodeKind;
import io.openlva.graph.model.RtspSource;
import io.openlva.graph.model.RtspTransport;
import io.openlva.graph.resolve.GraphResolver;
import io.openlva.graph.resolve.ResolvedGraph;
import io.openlva.graph.validate.GraphValidationException;
import io.openlva.recorder.stream.GatePlan;
import io.openlva.recorder.stream.SinkPlan;
import io.openlva.recorder.stream.StreamPlan;

class RecordingPlansTest {

    static final RecordingPlans.Defaults DEFAULTS = new RecordingPlans.Defaults(Path.of("/srv/assets"),
            Duration.ofMinutes(5), Duration.ofSeconds(30));

    static ResolvedGraph graph(String topologyJson, String instance, String paramsJson) {
        return GraphResolver.resolve(GraphJson.readTopology(topologyJson), GraphJson.readInstance("""
                {"@apiVersion": "2.0", "name": "%s", "properties": {"topologyName": "%s", "parameters": %s}}
                """.formatted(instance, GraphJson.readTopology(topologyJson).name(), paramsJson)));
    }

    static final String EVR = """
            {"@apiVersion": "2.0", "name": "Evr", "properties": {
              "parameters": [{"name": "rtspUrl", "type": "String"}, {"name": "outName", "type": "String", "default": "out"}],
              "sources": [
                {"@type": "#Microsoft.Media.MediaGraphRtspSource", "name": "rtspSource",
                 "endpoint": {"@type": "#Microsoft.Media.MediaGraphUnsecuredEndpoint", "url": "${rtspUrl}"}},
                {"@type": "#Microsoft.Media.MediaGraphIoTHubMessageSource", "name": "hubSource", "hubInputName": "recordingTrigger"}
              ],
              "processors": [
                {"@type": "#Microsoft.Media.MediaGraphMotionDetectionProcessor", "name": "motion",
                 "inputs": [{"nodeName": "rtspSource"}]},
                {"@type": "#Microsoft.Media.MediaGraphSignalGateProcessor", "name": "gate",
                 "inputs": [{"nodeName": "motion"}, {"nodeName": "hubSource"}, {"nodeName": "rtspSource"}],
                 "activationEvaluationWindow": "PT2S", "activationSignalOffset": "-PT10S",
                 "minimumActivationTime": "PT20S", "maximumActivationTime": "PT40S"}
              ],
              "sinks": [
                {"@type": "#Microsoft.Media.MediaGraphFileSink", "name": "fileSink", "inputs": [{"nodeName": "gate"}],
                 "fileNamePattern": "evr-${outName}-${System.DateTime}", "maximumSizeMiB": "512",
                 "baseDirectoryPath": "/var/media"},
                {"@type": "#Microsoft.Media.MediaGraphAssetSink", "name": "assetSink", "inputs": [{"nodeName": "gate"}],
                 "assetNamePattern": "evr-${System.GraphInstanceName}-${System.DateTime}", "segmentLength": "PT30S",
                 "localMediaCachePath": "/var/lib/azuremediaservices/tmp/", "localMediaCacheMaximumSizeMiB": "200"},
                {"@type": "#Microsoft.Media.MediaGraphAssetSink", "name": "cvrSink", "inputs": [{"nodeName": "rtspSource"}],
                 "assetNamePattern": "cvr-${System.GraphInstanceName}",
                 "localMediaCachePath": "/var/lib/azuremediaservices/tmp/", "localMediaCacheMaximumSizeMiB": "2048"}
              ]}}
            """;

    @Test
    void recorderRunsExactlyTheKindsTheOwnershipTableGivesIt() {
        // a kind newly given to the recorder in NodeKind needs its handling in RecordingPlans before this passes
        assertThat(RecordingPlans.KINDS).containsExactlyInAnyOrder(NodeKind.SIGNAL_GATE, NodeKind.FILE_SINK,
                NodeKind.ASSET_SINK);
    }

    @Test
    void gatedSinksAndContinuousSinksOfOneSource() {
        List<StreamPlan> plans = RecordingPlans.of(graph(EVR, "cam1", "[{\"name\": \"rtspUrl\", \"value\": \"rtsp://c/s\"}]"),
                DEFAULTS);
        assertThat(plans).hasSize(1);
        StreamPlan plan = plans.get(0);
        assertThat(plan.source()).isEqualTo(new StreamKey("cam1", "rtspSource"));
        GatePlan gate = plan.gates().get(0);
        assertThat(gate.gateNode()).isEqualTo("gate");
        // motion and the IoT Hub message source open the gate; the media input does not
        assertThat(gate.eventInputs()).containsExactlyInAnyOrder("motion", "hubSource");
        assertThat(gate.settings().activationSignalOffset()).isEqualTo(Duration.ofSeconds(-10));
        assertThat(gate.settings().activationEvaluationWindow()).isEqualTo(Duration.ofSeconds(2));
        assertThat(gate.settings().minimumActivationTime()).isEqualTo(Duration.ofSeconds(20));
        assertThat(gate.settings().maximumActivationTime()).isEqualTo(Duration.ofSeconds(40));
        SinkPlan file = gate.sinks().get(0);
        assertThat(file.kind()).isEqualTo(SinkPlan.Kind.FILE);
        assertThat(file.directory()).isEqualTo(Path.of("/var/media"));
        assertThat(file.namePattern()).isEqualTo("evr-out-${System.DateTime}");
        assertThat(file.maxBytes()).isEqualTo(512L * 1024 * 1024);
        assertThat(file.segmentLength()).isNull();
        SinkPlan asset = gate.sinks().get(1);
        assertThat(asset.kind()).isEqualTo(SinkPlan.Kind.ASSET);
        assertThat(asset.directory()).isEqualTo(Path.of("/srv/assets"));
        assertThat(asset.namePattern()).isEqualTo("evr-cam1-${System.DateTime}");
        assertThat(asset.segmentLength()).isEqualTo(Duration.ofSeconds(30));
        SinkPlan cvr = plan.continuous().get(0);
        assertThat(cvr.node()).isEqualTo("cvrSink");
        assertThat(cvr.segmentLength()).as("configured default for CVR assets").isEqualTo(Duration.ofSeconds(30));
        assertThat(cvr.maxBytes()).isEqualTo(2048L * 1024 * 1024);
    }

    @Test
    void aParameterThatWouldEscapeIsRefusedBeforeAnythingRuns() {
        String bad = EVR.replace("evr-${outName}-${System.DateTime}", "${outName}-x-${System.DateTime}");
        assertThatThrownBy(() -> graph(bad, "cam2",
                "[{\"name\": \"rtspUrl\", \"value\": \"rtsp://c/s\"}, {\"name\": \"outName\", \"value\": \"../../etc\"}]"))
                .isInstanceOf(GraphValidationException.class);
    }

    @Test
    void aSinkWhosePatternLeavesItsDirectoryIsNotRecordedAndTheOthersAre() {
        // a graph that got past validation some other way: the recorder's own guard still refuses the sink
        RtspSource source = new RtspSource("rtspSource",
                new Endpoint(EndpointKind.UNSECURED, "rtsp://c/s", null, List.of(), false, false), RtspTransport.TCP);
        List<NodeInput> fromSource = List.of(new NodeInput("rtspSource", List.of()));
        List<Node> nodes = List.of(source,
                new FileSink("escape", fromSource, "/var/media", "../../etc/x-${System.DateTime}", null),
                new FileSink("absolute", fromSource, "/var/media", "/etc/x", null),
                new FileSink("relativeBase", fromSource, "media", "x", null),
                new AssetSink("assetEscape", fromSource, "..", null, null, null),
                new FileSink("fine", fromSource, "/var/media", "cvr-${System.DateTime}", null));
        List<StreamPlan> plans = RecordingPlans.of(new ResolvedGraph("T", "cam3", nodes), DEFAULTS);
        assertThat(plans).hasSize(1);
        assertThat(plans.get(0).continuous()).extracting(SinkPlan::node).containsExactly("fine");
        assertThat(plans.get(0).continuous().get(0).segmentLength()).isEqualTo(Duration.ofMinutes(5));
    }
    @Test
    void aVideoSinkWithAnInferenceInputIsRefusedByNameNotRecordedTwice() {
        // AVA's cvr-with-httpExtension-and-objectTracking: the video sink also takes inferences (a metadata track)
        RtspSource source = new RtspSource("rtspSource",
                new Endpoint(EndpointKind.UNSECURED, "rtsp://c/s", null, List.of(), false, false), RtspTransport.TCP);
        List<NodeInput> fromSource = List.of(new NodeInput("rtspSource", List.of()));
        HttpExtension http = new HttpExtension("httpExtension", fromSource,
                new Endpoint(EndpointKind.UNSECURED, "http://x/score", null, List.of(), false, false), null, null);
        AssetSink video = new AssetSink("videoSink", List.of(new NodeInput("rtspSource", List.of()),
                new NodeInput("httpExtension", List.of())), "cvr", null, null, null);
        List<String> notRecorded = new java.util.ArrayList<>();
        List<StreamPlan> plans = RecordingPlans.of(new ResolvedGraph("T", "cam4", List.of(source, http, video)), DEFAULTS,
                notRecorded);
        assertThat(notRecorded).singleElement().asString().startsWith("videoSink: ").contains("httpExtension");
        assertThat(plans).singleElement().extracting(p -> p.continuous().size()).isEqualTo(1);
    }
    @Test
    void aFileSinkOutsideTheAllowedDirectoriesIsRefusedByName() {
        RtspSource source = new RtspSource("rtspSource",
                new Endpoint(EndpointKind.UNSECURED, "rtsp://c/s", null, List.of(), false, false), RtspTransport.TCP);
        List<NodeInput> fromSource = List.of(new NodeInput("rtspSource", List.of()));
        List<Node> nodes = List.of(source,
                new FileSink("root", fromSource, "/", "x-${System.DateTime}", null),
                new FileSink("etc", fromSource, "/etc", "x-${System.DateTime}", null),
                new FileSink("sibling", fromSource, "/var/media-other", "x-${System.DateTime}", null),
                new FileSink("fine", fromSource, "/var/media/cam5", "x-${System.DateTime}", null),
                new FileSink("huge", fromSource, "/var/media", "y-${System.DateTime}", Long.MAX_VALUE / 2));
        List<String> notRecorded = new java.util.ArrayList<>();
        List<StreamPlan> plans = RecordingPlans.of(new ResolvedGraph("T", "cam5", nodes), DEFAULTS, notRecorded);
        assertThat(notRecorded).hasSize(3).allMatch(r -> r.contains("outside the recorder's allowed directories"));
        assertThat(notRecorded).extracting(r -> r.substring(0, r.indexOf(':'))).containsExactly("root", "etc", "sibling");
        assertThat(plans.get(0).continuous()).extracting(SinkPlan::node).containsExactly("fine", "huge");
        // a budget too large to count in bytes is no limit, not a negative one that would delete everything
        assertThat(plans.get(0).continuous().get(1).maxBytes()).isEqualTo(Long.MAX_VALUE);
    }
}
