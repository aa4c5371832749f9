package io.openlva.graph.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.openlva.graph.Docs;
import io.openlva.graph.model.AssetSink;
import io.openlva.graph.model.CognitiveServicesVisionExtension;
import io.openlva.graph.model.EndpointKind;
import io.openlva.graph.model.FileSink;
import io.openlva.graph.model.Flavor;
import io.openlva.graph.model.FrameRateFilterProcessor;
import io.openlva.graph.model.GrpcExtension;
import io.openlva.graph.model.HttpExtension;
import io.openlva.graph.model.HttpHeaderCredentials;
import io.openlva.graph.model.ImageEncoding;
import io.openlva.graph.model.ImageFormat;
import io.openlva.graph.model.ImageScale;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.IotHubMessageSink;
import io.openlva.graph.model.IotHubMessageSource;
import io.openlva.graph.model.LineCrossingProcessor;
import io.openlva.graph.model.MotionDetectionProcessor;
import io.openlva.graph.model.MotionSensitivity;
import io.openlva.graph.model.NamedLine;
import io.openlva.graph.model.NodeKind;
import io.openlva.graph.model.ObjectTrackerProcessor;
import io.openlva.graph.model.OnnxExtension;
import io.openlva.graph.model.PixelFormat;
import io.openlva.graph.model.RtspSource;
import io.openlva.graph.model.RtspTransport;
import io.openlva.graph.model.SamplingOptions;
import io.openlva.graph.model.ScaleMode;
import io.openlva.graph.model.SignalGateProcessor;
import io.openlva.graph.model.Topology;
import io.openlva.graph.model.UsernamePasswordCredentials;
import io.openlva.graph.param.SystemVariables;
import io.openlva.graph.validate.GraphValidator;

/** The project's own topologies (LVA 1.0, LVA 2.0, AVA, OpenLVA ONNX) parse, validate and resolve to typed values. */
class ProjectTopologiesTest {

    @ParameterizedTest
    @ValueSource(strings = { Docs.LVA_1, Docs.LVA_2, Docs.AVA, Docs.ONNX })
    void parsesValidatesAndResolves(String name) {
        Topology t = Docs.topology(name);
        Instance i = Docs.instance(name);
        GraphValidator.validateTopology(t);
        GraphValidator.validateInstance(i, t);
        ResolvedGraph g = GraphResolver.resolve(t, i);
        assertThat(g.topologyName()).isEqualTo(t.name());
        assertThat(g.instanceName()).isEqualTo(i.name());
        assertThat(g.nodes()).extracting(n -> n.name()).containsExactlyElementsOf(t.nodes().stream().map(n -> n.name()).toList());
    }

    @Test
    void lva10FormsAreNormalized() {
        Topology t = Docs.topology(Docs.LVA_1);
        assertThat(t.flavor()).isEqualTo(Flavor.MEDIA_GRAPH);
        // declared topology: typed properties hold the parameter defaults
        assertThat(((FrameRateFilterProcessor) t.node("frameRateFilter").orElseThrow()).maximumFps()).isEqualTo(2.5);
        ResolvedGraph g = GraphResolver.resolve(t, Docs.instance(Docs.LVA_1));

        RtspSource rtsp = g.nodes(RtspSource.class).get(0);
        assertThat(rtsp.transport()).isEqualTo(RtspTransport.TCP);
        assertThat(rtsp.endpoint().url()).isEqualTo("rtsp://lobby.local:554/stream1");
        assertThat(rtsp.endpoint().kind()).isEqualTo(EndpointKind.UNSECURED);
        assertThat(rtsp.endpoint().credentials()).isEqualTo(new UsernamePasswordCredentials("viewer", "lobby-instance-secret-9"));

        assertThat(g.nodes(IotHubMessageSource.class).get(0).hubInputName()).isEqualTo("recordingTrigger");
        assertThat(g.nodes(MotionDetectionProcessor.class).get(0).sensitivity()).isEqualTo(MotionSensitivity.HIGH);
        assertThat(g.nodes(MotionDetectionProcessor.class).get(0).outputMotionRegion()).isTrue();
        assertThat(g.nodes(FrameRateFilterProcessor.class).get(0).maximumFps()).isEqualTo(4.0);

        HttpExtension http = g.nodes(HttpExtension.class).get(0);
        assertThat(http.image().scale()).isEqualTo(new ImageScale(ScaleMode.PRESERVE_ASPECT_RATIO, 416, null));
        assertThat(http.image().format()).isEqualTo(new ImageFormat(ImageEncoding.PNG, null, null));
        assertThat(http.samplingOptions()).isEqualTo(SamplingOptions.DEFAULT);

        SignalGateProcessor gate = g.nodes(SignalGateProcessor.class).get(0);
        assertThat(gate.activationSignalOffset()).isEqualTo(Duration.ofSeconds(-5));
        assertThat(gate.maximumActivationTime()).isEqualTo(Duration.ofMinutes(1));

        FileSink file = g.nodes(FileSink.class).get(0);
        assertThat(file.baseDirectoryPath()).isEqualTo("/var/media/clips");
        assertThat(file.fileNamePattern()).isEqualTo("evr-lobby-camera-${System.DateTime}");
        assertThat(SystemVariables.expandRuntime(file.fileNamePattern(), Instant.parse("2026-03-04T05:06:07.890Z")))
                .isEqualTo("evr-lobby-camera-20260304T050607Z");
        assertThat(file.maximumSizeMiB()).isNull();
        assertThat(g.nodes(IotHubMessageSink.class).get(0).hubOutputName()).isEqualTo("inferenceOutput");

        assertThat(g.sourceOf("httpExtension")).contains(rtsp);
        assertThat(g.sourceOf("fileSink")).contains(rtsp);
        assertThat(g.downstreamOf("rtspSource")).extracting(n -> n.name()).containsExactly("motionDetection", "signalGate");
        assertThat(g.upstreamOf("signalGate")).extracting(n -> n.name()).containsExactly("hubSource", "rtspSource");
        assertThat(g.node("nope")).isEmpty();
    }

    @Test
    void lva20TlsGrpcAndRecording() {
        ResolvedGraph g = GraphResolver.resolve(Docs.topology(Docs.LVA_2), Docs.instance(Docs.LVA_2));
        RtspSource rtsp = g.nodes(RtspSource.class).get(0);
        assertThat(rtsp.endpoint().kind()).isEqualTo(EndpointKind.TLS);
        assertThat(rtsp.endpoint().url()).isEqualTo("rtsps://gate.local:322/main");
        assertThat(rtsp.endpoint().trustedCertificates()).hasSize(1).allMatch(c -> c.startsWith("-----BEGIN CERTIFICATE-----"));
        assertThat(rtsp.endpoint().ignoreHostname()).isTrue();
        assertThat(rtsp.endpoint().ignoreSignature()).isFalse();

        MotionDetectionProcessor motion = g.nodes(MotionDetectionProcessor.class).get(0);
        assertThat(motion.sensitivity()).isEqualTo(MotionSensitivity.MEDIUM);
        assertThat(motion.outputMotionRegion()).isFalse();
        assertThat(motion.eventAggregationWindow()).isEqualTo(Duration.ofSeconds(2));
        assertThat(motion.inputs().get(0).passesMediaType("video")).isTrue();
        assertThat(motion.inputs().get(0).passesMediaType("audio")).isFalse();

        GrpcExtension grpc = g.nodes(GrpcExtension.class).get(0);
        assertThat(grpc.endpoint().credentials()).isEqualTo(new HttpHeaderCredentials("x-api-key", "grpc-header-secret-7"));
        assertThat(grpc.dataTransferMode()).isEqualTo("sharedMemory");
        assertThat(grpc.extensionConfiguration()).isEqualTo("{\"model\":\"yolov3\"}");
        assertThat(grpc.image().scale()).isEqualTo(new ImageScale(ScaleMode.STRETCH, 640, 720));
        assertThat(grpc.image().format()).isEqualTo(new ImageFormat(ImageEncoding.RAW, null, PixelFormat.BGR24));
        assertThat(grpc.samplingOptions()).isEqualTo(new SamplingOptions(true, 2.0));

        SignalGateProcessor gate = g.nodes(SignalGateProcessor.class).get(0);
        assertThat(gate.activationEvaluationWindow()).isEqualTo(SignalGateProcessor.DEFAULT_EVALUATION_WINDOW);
        assertThat(gate.activationSignalOffset()).isEqualTo(SignalGateProcessor.DEFAULT_SIGNAL_OFFSET);
        assertThat(gate.minimumActivationTime()).isEqualTo(SignalGateProcessor.DEFAULT_MINIMUM_ACTIVATION_TIME);
        assertThat(gate.maximumActivationTime()).isEqualTo(SignalGateProcessor.DEFAULT_MAXIMUM_ACTIVATION_TIME);

        AssetSink asset = g.nodes(AssetSink.class).get(0);
        assertThat(asset.assetNamePattern()).isEqualTo("evr-EVRTls-gate-camera");
        assertThat(asset.segmentLength()).isEqualTo(Duration.ofMinutes(1));
        assertThat(asset.localMediaCachePath()).isEqualTo("/var/lib/openlva/cache");
        assertThat(asset.localMediaCacheMaximumSizeMiB()).isEqualTo(2048L);

        FileSink file = g.nodes(FileSink.class).get(0);
        assertThat(file.baseDirectoryPath()).isEqualTo("/var/media");
        assertThat(file.fileNamePattern()).isEqualTo("clip-${System.DateTime}");
        assertThat(file.maximumSizeMiB()).isEqualTo(200L);
        assertThat(g.sourceOf("assetSink")).contains(rtsp);
        assertThat(Docs.instance(Docs.LVA_2).state()).isEqualTo(InstanceState.ACTIVE);
    }

    @Test
    void avaPipeline() {
        Topology t = Docs.topology(Docs.AVA);
        assertThat(t.flavor()).isEqualTo(Flavor.VIDEO_ANALYZER);
        Instance i = Docs.instance(Docs.AVA);
        assertThat(i.state()).isEqualTo(InstanceState.INACTIVE);
        ResolvedGraph g = GraphResolver.resolve(t, i);
        HttpExtension http = g.nodes(HttpExtension.class).get(0);
        assertThat(http.endpoint().kind()).isEqualTo(EndpointKind.TLS);
        assertThat(http.endpoint().credentials()).isEqualTo(new HttpHeaderCredentials("Ocp-Apim-Subscription-Key", "ava-header-secret-5"));
        assertThat(http.image().format()).isEqualTo(new ImageFormat(ImageEncoding.JPEG, 90, null));
        assertThat(http.image().scale()).isEqualTo(new ImageScale(ScaleMode.PAD, 416, 416));
        assertThat(g.nodes(ObjectTrackerProcessor.class).get(0).accuracy()).isEqualTo("high");
        assertThat(g.nodes(LineCrossingProcessor.class).get(0).lines()).containsExactly(new NamedLine("door", "[[0.5,0.1],[0.5,0.9]]"));
        AssetSink video = g.nodes(AssetSink.class).get(0);
        assertThat(video.kind()).isEqualTo(NodeKind.ASSET_SINK);
        assertThat(video.assetNamePattern()).isEqualTo("LineCrossing-door-camera");
        assertThat(video.segmentLength()).isEqualTo(Duration.ofSeconds(30));
        assertThat(video.localMediaCacheMaximumSizeMiB()).isEqualTo(2048L);
        FileSink file = g.nodes(FileSink.class).get(0);
        assertThat(SystemVariables.expandRuntime(file.fileNamePattern(), Instant.parse("2021-01-02T03:04:05Z")))
                .isEqualTo("crossing-20210102T030405Z");
        SignalGateProcessor gate = g.nodes(SignalGateProcessor.class).get(0);
        assertThat(gate.activationSignalOffset()).isEqualTo(Duration.ofSeconds(-10));
        assertThat(gate.maximumActivationTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(g.sourceOf("videoSink")).isPresent();
        CognitiveServicesVisionExtension vision = g.nodes(CognitiveServicesVisionExtension.class).get(0);
        assertThat(vision.kind()).isEqualTo(NodeKind.COGNITIVE_SERVICES_VISION);
        assertThat(vision.operationType()).isEqualTo("#Microsoft.VideoAnalyzer.SpatialAnalysisPersonCountOperation");
        assertThat(vision.image().format().pixelFormat()).isEqualTo(PixelFormat.BGR24);
        assertThat(vision.samplingOptions().maximumSamplesPerSecond()).isEqualTo(15.0);
        assertThat(g.downstreamOf("spatialAnalysis")).extracting(n -> n.name()).containsExactly("spatialSink");
        assertThat(SystemVariables.expandRuntime("a-${System.Runtime.PreciseDateTime}-${System.PipelineName}", Instant.parse("2021-01-02T03:04:05.678Z")))
                .isEqualTo("a-20210102T030405.678Z-${System.PipelineName}");
    }

    @Test
    void lva10EncodedJpegWithQuality() {
        String doc = Docs.text(Docs.LVA_1).replace("\"encoding\": \"PNG\"", "\"encoding\": \"jpeg\", \"quality\": \"70\"");
        ResolvedGraph g = GraphResolver.resolve(io.openlva.graph.codec.GraphJson.readTopology(doc), Docs.instance(Docs.LVA_1));
        assertThat(g.nodes(HttpExtension.class).get(0).image().format()).isEqualTo(new ImageFormat(ImageEncoding.JPEG, 70, null));
    }

    @Test
    void onnxExtension() {
        ResolvedGraph g = GraphResolver.resolve(Docs.topology(Docs.ONNX), Docs.instance(Docs.ONNX));
        OnnxExtension onnx = g.nodes(OnnxExtension.class).get(0);
        assertThat(onnx.kind()).isEqualTo(NodeKind.ONNX_EXTENSION);
        assertThat(onnx.modelPath()).isEqualTo("/models/yolov8n.onnx");
        assertThat(onnx.labels()).containsExactly("person", "bicycle", "car");
        assertThat(onnx.confidenceThreshold()).isEqualTo(0.6);
        assertThat(onnx.nmsThreshold()).isEqualTo(0.5);
        assertThat(onnx.inputWidth()).isEqualTo(640);
        assertThat(onnx.inputHeight()).isEqualTo(640);
        assertThat(onnx.modelFamily()).isEqualTo("yolov8");
        assertThat(onnx.image().format().quality()).isEqualTo(85);
        assertThat(onnx.samplingOptions().maximumSamplesPerSecond()).isEqualTo(5.0);
        RtspSource rtsp = g.nodes(RtspSource.class).get(0);
        assertThat(rtsp.endpoint().credentials()).isNull();
        assertThat(rtsp.transport()).isEqualTo(RtspTransport.TCP);
        assertThat(g.sourceOf("onnxDetector")).contains(rtsp);
    }

    @Test
    void onnxDefaultsAndCommaSeparatedLabels() {
        String doc = Docs.text(Docs.ONNX)
                .replace("\"labels\": [ \"person\", \"bicycle\", \"car\" ],", "\"labels\": \"cat, dog\",")
                .replace("\"nmsThreshold\": 0.5,", "")
                .replace("\"modelFamily\": \"YOLOv8\",", "")
                .replace("\"image\": {", "\"unused\": {");
        Topology t = io.openlva.graph.codec.GraphJson.readTopology(doc);
        OnnxExtension onnx = GraphResolver.resolve(t, Docs.instance(Docs.ONNX)).nodes(OnnxExtension.class).get(0);
        assertThat(onnx.labels()).isEqualTo(List.of("cat", "dog"));
        assertThat(onnx.nmsThreshold()).isEqualTo(OnnxExtension.DEFAULT_NMS_THRESHOLD);
        assertThat(onnx.modelFamily()).isEqualTo("auto");
        assertThat(onnx.image().scale()).isNull();
        assertThat(onnx.image().format()).isEqualTo(ImageFormat.JPEG_DEFAULT);
    }
}
