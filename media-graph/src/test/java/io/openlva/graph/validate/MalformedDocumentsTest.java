package io.openlva.graph.validate;

import static io.openlva.graph.validate.ErrorCodes.API_VERSION_NOT_SUPPORTED;
import static io.openlva.graph.validate.ErrorCodes.DUPLICATE_NAME;
import static io.openlva.graph.validate.ErrorCodes.GRAPH_VALIDATION_ERROR;
import static io.openlva.graph.validate.ErrorCodes.INVALID_NAME;
import static io.openlva.graph.validate.ErrorCodes.INVALID_PARAMETER_VALUE;
import static io.openlva.graph.validate.ErrorCodes.INVALID_PROPERTY_VALUE;
import static io.openlva.graph.validate.ErrorCodes.INVALID_RESOURCE;
import static io.openlva.graph.validate.ErrorCodes.PARAMETER_NOT_DECLARED;
import static io.openlva.graph.validate.ErrorCodes.PARAMETER_VALUE_REQUIRED;
import static io.openlva.graph.validate.ErrorCodes.PROPERTY_REQUIRED;
import static io.openlva.graph.validate.ErrorCodes.TOPOLOGY_MISMATCH;
import static io.openlva.graph.validate.ErrorCodes.UNKNOWN_TYPE;
import static io.openlva.graph.validate.JsonPatch.remove;
import static io.openlva.graph.validate.JsonPatch.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.openlva.graph.Docs;
import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.Topology;
import io.openlva.graph.resolve.GraphResolver;

/**
 * Malformed topologies and instances, each written as edits of a valid project document, each rejected with
 * the expected detail code and target.
 */
class MalformedDocumentsTest {

    private static final AtomicInteger REJECTED = new AtomicInteger();

    /** Index of the LVA 2.0 document: sources[0] rtspSource; processors motionDetection, grpcExtension, signalGate; sinks assetSink, fileSink, hubSink. */
    static List<Arguments> cases() {
        List<Case> c = new ArrayList<>();
        String l2 = Docs.LVA_2;
        String l1 = Docs.LVA_1;
        String ava = Docs.AVA;
        String onnx = Docs.ONNX;
        String gate = "properties.processors[2]";
        String grpc = "properties.processors[1]";
        String rtsp = "properties.sources[0]";
        String ep = rtsp + ".endpoint";

        // document and names
        c.add(topology("not JSON", l2, null, INVALID_RESOURCE, "body").withText("{\"name\": "));
        c.add(topology("a JSON array", l2, null, INVALID_RESOURCE, "body").withText("[]"));
        c.add(topology("unknown API version", l2, List.of(set("@apiVersion", "\"3.0\"")), API_VERSION_NOT_SUPPORTED, "@apiVersion"));
        c.add(topology("AVA version for LVA types", l2, List.of(set("@apiVersion", "\"1.1\"")), API_VERSION_NOT_SUPPORTED, "@apiVersion"));
        c.add(topology("LVA version for AVA types", ava, List.of(set("@apiVersion", "\"2.0\"")), API_VERSION_NOT_SUPPORTED, "@apiVersion"));
        c.add(topology("no API version", l2, List.of(remove("@apiVersion")), PROPERTY_REQUIRED, "@apiVersion"));
        c.add(topology("no name", l2, List.of(remove("name")), PROPERTY_REQUIRED, "name"));
        c.add(topology("name with spaces", l2, List.of(set("name", "\"bad name!\"")), INVALID_NAME, "name"));
        c.add(topology("name of 33 characters", l2, List.of(set("name", "\"" + "a".repeat(33) + "\"")), INVALID_NAME, "name"));
        c.add(topology("no properties", l2, List.of(remove("properties")), PROPERTY_REQUIRED, "properties"));
        c.add(topology("properties not an object", l2, List.of(set("properties", "[]")), INVALID_PROPERTY_VALUE, "properties"));
        c.add(topology("no sources", l2, List.of(set("properties.sources", "[]")), GRAPH_VALIDATION_ERROR, "properties.sources"));
        c.add(topology("sinks missing", l2, List.of(remove("properties.sinks")), PROPERTY_REQUIRED, "properties.sinks"));
        c.add(topology("no sinks", l2, List.of(set("properties.sinks", "[]")), GRAPH_VALIDATION_ERROR, "properties.sinks"));
        c.add(topology("LVA and AVA types mixed", l2, List.of(set("properties.sinks[2].@type", "\"#Microsoft.VideoAnalyzer.IotHubMessageSink\"")),
                INVALID_RESOURCE, "properties"));

        // nodes
        c.add(topology("unknown node type", l2, List.of(set(rtsp + ".@type", "\"#Microsoft.Media.MediaGraphWebcamSource\"")), UNKNOWN_TYPE, rtsp + ".@type"));
        c.add(topology("node without type", l2, List.of(remove("properties.processors[0].@type")), PROPERTY_REQUIRED, "properties.processors[0].@type"));
        c.add(topology("node without name", l2, List.of(remove("properties.processors[0].name")), PROPERTY_REQUIRED, "properties.processors[0].name"));
        c.add(topology("node name with underscore", l2, List.of(set("properties.processors[0].name", "\"motion_detection\"")), INVALID_NAME, "properties.processors[0].name"));
        c.add(topology("duplicate node name", l2, List.of(set(gate + ".name", "\"motionDetection\"")), DUPLICATE_NAME, gate + ".name"));
        c.add(topology("processor listed as sink", l2, List.of(set("properties.sinks[2].@type", "\"#Microsoft.Media.MediaGraphMotionDetectionProcessor\"")),
                GRAPH_VALIDATION_ERROR, "properties.sinks[2].@type"));

        // inputs and graph shape
        c.add(topology("unknown input node", l2, List.of(set(grpc + ".inputs[0].nodeName", "\"ghost\"")), GRAPH_VALIDATION_ERROR, grpc + ".inputs[0].nodeName"));
        c.add(topology("processor with empty inputs", l2, List.of(set("properties.processors[0].inputs", "[]")), GRAPH_VALIDATION_ERROR, "properties.processors[0].inputs"));
        c.add(topology("processor without inputs", l2, List.of(remove("properties.processors[0].inputs")), PROPERTY_REQUIRED, "properties.processors[0].inputs"));
        c.add(topology("input without nodeName", l2, List.of(remove(grpc + ".inputs[0].nodeName")), PROPERTY_REQUIRED, grpc + ".inputs[0].nodeName"));
        c.add(topology("source with inputs", l2, List.of(set(rtsp + ".inputs", "[{\"nodeName\":\"motionDetection\"}]")), GRAPH_VALIDATION_ERROR, rtsp + ".inputs"));
        c.add(topology("cycle", l2, List.of(set("properties.processors[0].inputs[0].nodeName", "\"signalGate\"")), GRAPH_VALIDATION_ERROR, grpc + ".inputs[0].nodeName"));
        c.add(topology("node is its own input", l2, List.of(set("properties.processors[0].inputs[0].nodeName", "\"motionDetection\"")),
                GRAPH_VALIDATION_ERROR, "properties.processors[0].inputs[0].nodeName"));
        c.add(topology("sink feeds a processor", l2, List.of(set(gate + ".inputs[0].nodeName", "\"hubSink\"")), GRAPH_VALIDATION_ERROR, gate + ".inputs[0].nodeName"));
        c.add(topology("same input twice", l2, List.of(set("properties.sinks[2].inputs[1].nodeName", "\"grpcExtension\"")),
                GRAPH_VALIDATION_ERROR, "properties.sinks[2].inputs[1].nodeName"));
        c.add(topology("signal gate without event input", l2, List.of(set(gate + ".inputs", "[{\"nodeName\":\"rtspSource\"}]")), GRAPH_VALIDATION_ERROR, gate + ".inputs"));
        c.add(topology("signal gate without media input", l1, List.of(set("properties.processors[3].inputs", "[{\"nodeName\":\"hubSource\"}]")),
                GRAPH_VALIDATION_ERROR, "properties.processors[3].inputs"));
        c.add(topology("extension without media input", l1, List.of(set("properties.processors[2].inputs", "[{\"nodeName\":\"hubSource\"}]")),
                GRAPH_VALIDATION_ERROR, "properties.processors[2].inputs"));
        c.add(topology("file sink fed by an extension", l2, List.of(set("properties.sinks[1].inputs[0].nodeName", "\"grpcExtension\"")),
                GRAPH_VALIDATION_ERROR, "properties.sinks[1].inputs[0].nodeName"));
        c.add(topology("asset sink fed by motion detection", l2, List.of(set("properties.sinks[0].inputs[0].nodeName", "\"motionDetection\"")),
                GRAPH_VALIDATION_ERROR, "properties.sinks[0].inputs[0].nodeName"));
        c.add(topology("AVA video sink fed by the tracker only", ava, List.of(set("properties.sinks[1].inputs", "[{\"nodeName\":\"objectTracker\"}]")),
                GRAPH_VALIDATION_ERROR, "properties.sinks[1].inputs"));
        c.add(topology("hub sink fed by a camera", l2, List.of(set("properties.sinks[2].inputs[0].nodeName", "\"rtspSource\"")),
                GRAPH_VALIDATION_ERROR, "properties.sinks[2].inputs[0].nodeName"));
        c.add(topology("line crossing fed by a camera", ava, List.of(set("properties.processors[2].inputs", "[{\"nodeName\":\"rtspSource\"}]")),
                GRAPH_VALIDATION_ERROR, "properties.processors[2].inputs"));
        c.add(topology("output selector operator", l2, List.of(set("properties.processors[0].inputs[0].outputSelectors[0].operator", "\"equals\"")),
                INVALID_PROPERTY_VALUE, "properties.processors[0].inputs[0].outputSelectors[0].operator"));
        c.add(topology("output selector media type", l2, List.of(set("properties.processors[0].inputs[0].outputSelectors[0].value", "\"smell\"")),
                INVALID_PROPERTY_VALUE, "properties.processors[0].inputs[0].outputSelectors[0].value"));

        // endpoints and credentials
        c.add(topology("unknown transport", l2, List.of(set(rtsp + ".transport", "\"quic\"")), INVALID_PROPERTY_VALUE, rtsp + ".transport"));
        c.add(topology("camera without endpoint", l2, List.of(remove(ep)), PROPERTY_REQUIRED, ep));
        c.add(topology("unknown endpoint type", l2, List.of(set(ep + ".@type", "\"#Microsoft.Media.MediaGraphSecretEndpoint\"")), UNKNOWN_TYPE, ep + ".@type"));
        c.add(topology("endpoint without url", l2, List.of(remove(ep + ".url")), PROPERTY_REQUIRED, ep + ".url"));
        c.add(topology("camera with an http url", l2, List.of(set(ep + ".url", "\"http://cam.local/x\"")), INVALID_PROPERTY_VALUE, ep + ".url"));
        c.add(topology("url that is not a URL", l2, List.of(set(grpc + ".endpoint.url", "\"not a url\"")), INVALID_PROPERTY_VALUE, grpc + ".endpoint.url"));
        c.add(topology("unknown credentials type", l2, List.of(set(ep + ".credentials.@type", "\"#Microsoft.Media.MediaGraphKerberosCredentials\"")),
                UNKNOWN_TYPE, ep + ".credentials.@type"));
        c.add(topology("credentials without username", l2, List.of(remove(ep + ".credentials.username")), PROPERTY_REQUIRED, ep + ".credentials.username"));
        c.add(topology("header credentials without value", l2, List.of(remove(grpc + ".endpoint.credentials.headerValue")),
                PROPERTY_REQUIRED, grpc + ".endpoint.credentials.headerValue"));
        c.add(topology("certificate not PEM", l2, List.of(set(ep + ".trustedCertificates.certificates", "[\"garbage\"]")),
                INVALID_PROPERTY_VALUE, ep + ".trustedCertificates.certificates[0]"));
        c.add(topology("unknown certificate list type", l2, List.of(set(ep + ".trustedCertificates.@type", "\"#Microsoft.Media.MediaGraphCertStore\"")),
                UNKNOWN_TYPE, ep + ".trustedCertificates.@type"));
        c.add(topology("validation option not a boolean", l2, List.of(set(ep + ".validationOptions.ignoreHostname", "\"maybe\"")),
                INVALID_PROPERTY_VALUE, ep + ".validationOptions.ignoreHostname"));

        // processor values
        c.add(topology("unknown motion sensitivity", l2, List.of(set("properties.processors[0].sensitivity", "\"extreme\"")),
                INVALID_PROPERTY_VALUE, "properties.processors[0].sensitivity"));
        c.add(topology("aggregation window not ISO-8601", l2, List.of(set("properties.processors[0].eventAggregationWindow", "\"2 seconds\"")),
                INVALID_PROPERTY_VALUE, "properties.processors[0].eventAggregationWindow"));
        c.add(topology("outputMotionRegion not a boolean", l2, List.of(set("properties.processors[0].outputMotionRegion", "\"yes\"")),
                INVALID_PROPERTY_VALUE, "properties.processors[0].outputMotionRegion"));
        c.add(topology("unknown data transfer mode", l2, List.of(set(grpc + ".dataTransfer.mode", "\"pigeon\"")), INVALID_PROPERTY_VALUE, grpc + ".dataTransfer.mode"));
        c.add(topology("shared memory without size", l2, List.of(remove(grpc + ".dataTransfer.SharedMemorySizeMiB")),
                PROPERTY_REQUIRED, grpc + ".dataTransfer.sharedMemorySizeMiB"));
        c.add(topology("unknown scale mode", l2, List.of(set(grpc + ".image.scale.mode", "\"zoom\"")), INVALID_PROPERTY_VALUE, grpc + ".image.scale.mode"));
        c.add(topology("stretch without height", l2, List.of(remove(grpc + ".image.scale.height")), PROPERTY_REQUIRED, grpc + ".image.scale.height"));
        c.add(topology("unknown image format", l2, List.of(set(grpc + ".image.format.@type", "\"#Microsoft.Media.MediaGraphImageFormatGif\"")),
                UNKNOWN_TYPE, grpc + ".image.format.@type"));
        c.add(topology("unknown pixel format", l2, List.of(set(grpc + ".image.format.pixelFormat", "\"cmyk\"")), INVALID_PROPERTY_VALUE, grpc + ".image.format.pixelFormat"));
        c.add(topology("JPEG quality 101", l2, List.of(set(grpc + ".image.format", "{\"@type\":\"#Microsoft.Media.MediaGraphImageFormatJpeg\",\"quality\":\"101\"}")),
                INVALID_PROPERTY_VALUE, grpc + ".image.format.quality"));
        c.add(topology("negative sampling rate", l2, List.of(set(grpc + ".samplingOptions.maximumSamplesPerSecond", "\"-1\"")),
                INVALID_PROPERTY_VALUE, grpc + ".samplingOptions.maximumSamplesPerSecond"));
        c.add(topology("gate evaluation window over 10 s", l2, List.of(set(gate + ".activationEvaluationWindow", "\"PT11S\"")),
                INVALID_PROPERTY_VALUE, gate + ".activationEvaluationWindow"));
        c.add(topology("gate evaluation window not a duration", l2, List.of(set(gate + ".activationEvaluationWindow", "\"P1Y\"")),
                INVALID_PROPERTY_VALUE, gate + ".activationEvaluationWindow"));
        c.add(topology("gate offset beyond -1 min", l2, List.of(set(gate + ".activationSignalOffset", "\"-PT2M\"")), INVALID_PROPERTY_VALUE, gate + ".activationSignalOffset"));
        c.add(topology("gate offset beyond +1 min", l2, List.of(set(gate + ".activationSignalOffset", "\"PT61S\"")), INVALID_PROPERTY_VALUE, gate + ".activationSignalOffset"));
        c.add(topology("gate minimum under 1 s", l2, List.of(set(gate + ".minimumActivationTime", "\"PT0.5S\"")), INVALID_PROPERTY_VALUE, gate + ".minimumActivationTime"));
        c.add(topology("gate maximum over 1 h", l2, List.of(set(gate + ".maximumActivationTime", "\"PT2H\"")), INVALID_PROPERTY_VALUE, gate + ".maximumActivationTime"));
        c.add(topology("gate minimum above maximum", l2, List.of(set(gate + ".minimumActivationTime", "\"PT10M\""), set(gate + ".maximumActivationTime", "\"PT5M\"")),
                INVALID_PROPERTY_VALUE, gate + ".maximumActivationTime"));
        c.add(topology("frame rate 0", l1, List.of(set("properties.processors[1].maximumFps", "0")), INVALID_PROPERTY_VALUE, "properties.processors[1].maximumFps"));
        c.add(topology("frame rate filter without rate", l1, List.of(remove("properties.processors[1].maximumFps")), PROPERTY_REQUIRED, "properties.processors[1].maximumFps"));
        c.add(topology("LVA 1.0 encoding gif", l1, List.of(set("properties.processors[2].image.format.encoding", "\"gif\"")),
                INVALID_PROPERTY_VALUE, "properties.processors[2].image.format.encoding"));
        c.add(topology("bad parameter default reaching an enum", l1, List.of(set("properties.parameters[5].default", "\"Wild\"")),
                INVALID_PROPERTY_VALUE, "properties.processors[0].sensitivity"));
        c.add(topology("hub source without input name", l1, List.of(remove("properties.sources[1].hubInputName")), PROPERTY_REQUIRED, "properties.sources[1].hubInputName"));
        c.add(topology("tracker accuracy", ava, List.of(set("properties.processors[1].accuracy", "\"perfect\"")), INVALID_PROPERTY_VALUE, "properties.processors[1].accuracy"));
        c.add(topology("line crossing without lines", ava, List.of(remove("properties.processors[2].lines")), PROPERTY_REQUIRED, "properties.processors[2].lines"));
        c.add(topology("ONNX without model", onnx, List.of(remove("properties.processors[0].modelPath")), PROPERTY_REQUIRED, "properties.processors[0].modelPath"));
        c.add(topology("ONNX confidence above 1", onnx, List.of(set("properties.processors[0].confidenceThreshold", "1.5")),
                INVALID_PROPERTY_VALUE, "properties.processors[0].confidenceThreshold"));
        c.add(topology("ONNX model family", onnx, List.of(set("properties.processors[0].modelFamily", "\"resnet\"")), INVALID_PROPERTY_VALUE, "properties.processors[0].modelFamily"));
        c.add(topology("ONNX labels object", onnx, List.of(set("properties.processors[0].labels", "{}")), INVALID_PROPERTY_VALUE, "properties.processors[0].labels"));

        // sinks
        c.add(topology("segment shorter than 30 s", l2, List.of(set("properties.sinks[0].segmentLength", "\"PT10S\"")), INVALID_PROPERTY_VALUE, "properties.sinks[0].segmentLength"));
        c.add(topology("segment not a multiple of 30 s", l2, List.of(set("properties.sinks[0].segmentLength", "\"PT45S\"")), INVALID_PROPERTY_VALUE, "properties.sinks[0].segmentLength"));
        c.add(topology("asset sink without name pattern", l2, List.of(remove("properties.sinks[0].assetNamePattern")), PROPERTY_REQUIRED, "properties.sinks[0].assetNamePattern"));
        c.add(topology("asset sink without cache path", l2, List.of(remove("properties.sinks[0].localMediaCachePath")), PROPERTY_REQUIRED, "properties.sinks[0].localMediaCachePath"));
        c.add(topology("cache size not a number", l2, List.of(set("properties.sinks[0].localMediaCacheMaximumSizeMiB", "\"lots\"")),
                INVALID_PROPERTY_VALUE, "properties.sinks[0].localMediaCacheMaximumSizeMiB"));
        c.add(topology("file sink without directory", l2, List.of(remove("properties.sinks[1].baseDirectoryPath")), PROPERTY_REQUIRED, "properties.sinks[1].baseDirectoryPath"));
        c.add(topology("file name pattern with slash", l2, List.of(set("properties.sinks[1].fileNamePattern", "\"a/b\"")), INVALID_PROPERTY_VALUE, "properties.sinks[1].fileNamePattern"));
        c.add(topology("LVA 1.0 file path without file name", l1, List.of(set("properties.sinks[1].filePathPattern", "\"/var/media/\"")),
                INVALID_PROPERTY_VALUE, "properties.sinks[1].filePathPattern"));
        c.add(topology("hub sink without output name", l2, List.of(remove("properties.sinks[2].hubOutputName")), PROPERTY_REQUIRED, "properties.sinks[2].hubOutputName"));
        c.add(topology("AVA video sink without video name", ava, List.of(remove("properties.sinks[1].videoName")), PROPERTY_REQUIRED, "properties.sinks[1].videoName"));
        c.add(topology("AVA segment over 5 min", ava, List.of(set("properties.sinks[1].videoCreationProperties.segmentLength", "\"PT10M\"")),
                INVALID_PROPERTY_VALUE, "properties.sinks[1].videoCreationProperties.segmentLength"));

        // parameters
        c.add(topology("undeclared parameter", l2, List.of(set("properties.sinks[2].hubOutputName", "\"${hubOutput}\"")), PARAMETER_NOT_DECLARED, "properties.sinks[2].hubOutputName"));
        c.add(topology("unknown system variable", l2, List.of(set("properties.sinks[0].assetNamePattern", "\"x-${System.Foo}\"")),
                PARAMETER_NOT_DECLARED, "properties.sinks[0].assetNamePattern"));
        c.add(topology("unknown parameter type", l2, List.of(set("properties.parameters[5].type", "\"Integer\"")), INVALID_PROPERTY_VALUE, "properties.parameters[5].type"));
        c.add(topology("parameter without type", l2, List.of(remove("properties.parameters[0].type")), PROPERTY_REQUIRED, "properties.parameters[0].type"));
        c.add(topology("Int default not an integer", l2, List.of(set("properties.parameters[5].default", "\"wide\"")), INVALID_PARAMETER_VALUE, "properties.parameters[5].default"));
        c.add(topology("Double default not a number", l2, List.of(set("properties.parameters[7].default", "\"fast\"")), INVALID_PARAMETER_VALUE, "properties.parameters[7].default"));
        c.add(topology("Bool default not a boolean", l2, List.of(set("properties.parameters[8].default", "\"yes\"")), INVALID_PARAMETER_VALUE, "properties.parameters[8].default"));
        c.add(topology("parameter declared twice", l2, List.of(set("properties.parameters[1].name", "\"rtspUrl\"")), DUPLICATE_NAME, "properties.parameters[1].name"));
        c.add(topology("parameter name with spaces", l2, List.of(set("properties.parameters[3].name", "\"grpc url\"")), INVALID_NAME, "properties.parameters[3].name"));

        // instances (against their valid topology)
        c.add(instance("instance not JSON", l2, null, INVALID_RESOURCE, "body").withText("nope"));
        c.add(instance("instance API version", l2, List.of(set("@apiVersion", "\"9.9\"")), API_VERSION_NOT_SUPPORTED, "@apiVersion"));
        c.add(instance("AVA instance version for an LVA topology", l2, List.of(set("@apiVersion", "\"1.1\"")), API_VERSION_NOT_SUPPORTED, "@apiVersion"));
        c.add(instance("instance name with slash", l2, List.of(set("name", "\"bad/name\"")), INVALID_NAME, "name"));
        c.add(instance("instance without topology name", l2, List.of(remove("properties.topologyName")), PROPERTY_REQUIRED, "properties.topologyName"));
        c.add(instance("instance of another topology", l2, List.of(set("properties.topologyName", "\"Other\"")), TOPOLOGY_MISMATCH, "properties.topologyName"));
        c.add(instance("value missing for a parameter without default", l2, List.of(remove("properties.parameters[0]")),
                PARAMETER_VALUE_REQUIRED, "properties.parameters"));
        c.add(instance("value for an undeclared parameter", l2, List.of(set("properties.parameters[4]", "{\"name\":\"colour\",\"value\":\"red\"}")),
                PARAMETER_NOT_DECLARED, "properties.parameters[4].name"));
        c.add(instance("Int value not an integer", l2, List.of(set("properties.parameters[2].value", "\"wide\"")), INVALID_PARAMETER_VALUE, "properties.parameters[2].value"));
        c.add(instance("Bool value not a boolean", l2, List.of(set("properties.parameters[3].value", "\"maybe\"")), INVALID_PARAMETER_VALUE, "properties.parameters[3].value"));
        c.add(instance("unknown state", l2, List.of(set("properties.state", "\"Running\"")), INVALID_PROPERTY_VALUE, "properties.state"));
        c.add(instance("parameter without value", l2, List.of(remove("properties.parameters[0].value")), PROPERTY_REQUIRED, "properties.parameters[0].value"));
        c.add(instance("parameter given twice", l2, List.of(set("properties.parameters[1].name", "\"rtspUrl\"")), DUPLICATE_NAME, "properties.parameters[1].name"));
        c.add(instance("camera URL of the wrong scheme", l2, List.of(set("properties.parameters[0].value", "\"http://gate.local/x\"")),
                INVALID_PROPERTY_VALUE, "properties.parameters[0].value"));
        c.add(instance("width 0 from an Int parameter", l2, List.of(set("properties.parameters[2].value", "\"0\"")), INVALID_PROPERTY_VALUE, "properties.parameters[2].value"));
        c.add(instance("sensitivity from a String parameter", l1, List.of(set("properties.parameters[3]", "{\"name\":\"motionSensitivity\",\"value\":\"extreme\"}")),
                INVALID_PROPERTY_VALUE, "properties.parameters[3].value"));
        c.add(instance("negative frame rate from a Double parameter", l1, List.of(set("properties.parameters[2].value", "\"-2\"")),
                INVALID_PROPERTY_VALUE, "properties.parameters[2].value"));
        return c.stream().map(Case::args).toList();
    }

    static Case topology(String what, String doc, List<JsonPatch> patches, String code, String target) {
        return new Case(what, doc, true, patches, null, code, target);
    }

    static Case instance(String what, String doc, List<JsonPatch> patches, String code, String target) {
        return new Case(what, doc, false, patches, null, code, target);
    }

    record Case(String what, String doc, boolean patchTopology, List<JsonPatch> patches, String text, String code, String target) {
        Case withText(String raw) {
            return new Case(what, doc, patchTopology, patches, raw, code, target);
        }

        Arguments args() {
            return Arguments.of(what, this);
        }

        String topologyJson() {
            String t = Docs.text(doc);
            return !patchTopology ? t : text != null ? text : JsonPatch.apply(t, patches);
        }

        String instanceJson() {
            String i = Docs.text(doc + ".instance");
            return patchTopology ? i : text != null ? text : JsonPatch.apply(i, patches);
        }
    }

    @ParameterizedTest(name = "{index} {0}")
    @MethodSource("cases")
    void rejectedWithCodeAndTarget(String what, Case c) {
        GraphValidationException e = catchThrowableOfType(GraphValidationException.class, () -> {
            Topology t = GraphJson.readTopology(c.topologyJson());
            Instance i = GraphJson.readInstance(c.instanceJson());
            GraphResolver.resolve(t, i);
        });
        assertThat(e).as(what + ": accepted").isNotNull();
        ErrorBody body = e.error();
        assertThat(body.code()).isIn(INVALID_RESOURCE, API_VERSION_NOT_SUPPORTED);
        assertThat(body.details()).as(what).extracting(ErrorDetail::code, ErrorDetail::target)
                .contains(org.assertj.core.groups.Tuple.tuple(c.code(), c.target()));
        REJECTED.incrementAndGet();
    }

    @AfterAll
    static void count() {
        System.out.println("Malformed documents rejected with the expected code and target: " + REJECTED.get() + " of " + cases().size());
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(50);
    }
}
