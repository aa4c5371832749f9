package io.openlva.graph.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.graph.Docs;
import io.openlva.graph.contract.Json;
import io.openlva.graph.model.Endpoint;
import io.openlva.graph.model.Flavor;
import io.openlva.graph.model.HttpExtension;
import io.openlva.graph.model.HttpHeaderCredentials;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.NodeKind;
import io.openlva.graph.model.OnnxExtension;
import io.openlva.graph.model.ParameterDeclaration;
import io.openlva.graph.model.ParameterType;
import io.openlva.graph.model.PixelFormat;
import io.openlva.graph.model.RtspSource;
import io.openlva.graph.model.ScaleMode;
import io.openlva.graph.model.Secrets;
import io.openlva.graph.model.Topology;
import io.openlva.graph.model.UsernamePasswordCredentials;
import io.openlva.graph.param.SystemVariables;
import io.openlva.graph.resolve.GraphResolver;
import io.openlva.graph.resolve.ResolvedGraph;
import io.openlva.graph.validate.ErrorBody;
import io.openlva.graph.validate.ErrorDetail;
import io.openlva.graph.validate.GraphValidationException;

/** Round trips through the storage form, and secrets never leaving through the masked form or toString(). */
class GraphJsonTest {

    /** Every secret value of the project documents. */
    static final List<String> SECRETS = List.of("pw-default-10-secret", "lobby-instance-secret-9", "grpc-header-secret-7",
            "gate-rtsp-secret-3", "ava-header-secret-5", "door-rtsp-secret-4", "yard-url-secret-2");

    @ParameterizedTest
    @ValueSource(strings = { Docs.LVA_1, Docs.LVA_2, Docs.AVA, Docs.ONNX })
    void storageRoundTrip(String name) {
        Topology t = Docs.topology(name);
        Topology again = GraphJson.readTopology(GraphJson.writeTopologyForStorage(t));
        assertThat(again).isEqualTo(t);
        assertThat(again.nodes()).isEqualTo(t.nodes());
        Instance i = Docs.instance(name);
        Instance i2 = GraphJson.readInstance(GraphJson.writeInstanceForStorage(i));
        assertThat(i2).isEqualTo(i);
        assertThat(i2.parameters()).isEqualTo(i.parameters());
    }

    @Test
    void stateChangesSurviveStorageInTheDocumentsSpelling() {
        Instance lva = Docs.instance(Docs.LVA_1).withState(InstanceState.ACTIVE);
        String json = GraphJson.writeInstanceForStorage(lva);
        assertThat(Json.read(json).path("properties").path("state").asText()).isEqualTo("Active");
        assertThat(GraphJson.readInstance(json)).isEqualTo(GraphJson.readInstance(json)).extracting(Instance::state).isEqualTo(InstanceState.ACTIVE);
        Instance ava = Docs.instance(Docs.AVA).withState(InstanceState.DEACTIVATING);
        assertThat(Json.read(GraphJson.writeInstanceForStorage(ava)).path("properties").path("state").asText()).isEqualTo("deactivating");
        assertThat(GraphJson.readInstance(GraphJson.writeInstanceForStorage(ava)).state()).isEqualTo(InstanceState.DEACTIVATING);
    }

    @Test
    void instanceWithoutDocumentIsWritten() {
        Instance i = new Instance("2.0", "cam-9", null, "EVRTls", java.util.Map.of("rtspUrl", "rtsp://x.local/y"), InstanceState.ACTIVE, null);
        Instance back = GraphJson.readInstance(GraphJson.writeInstanceForStorage(i));
        assertThat(back.name()).isEqualTo("cam-9");
        assertThat(back.topologyName()).isEqualTo("EVRTls");
        assertThat(back.parameters()).containsEntry("rtspUrl", "rtsp://x.local/y");
        assertThat(back.state()).isEqualTo(InstanceState.ACTIVE);
    }

    @ParameterizedTest
    @ValueSource(strings = { Docs.LVA_1, Docs.LVA_2, Docs.AVA, Docs.ONNX })
    void maskedFormsNeverLeakSecrets(String name) {
        Topology t = Docs.topology(name);
        Instance i = Docs.instance(name);
        ResolvedGraph g = GraphResolver.resolve(t, i);
        String storage = GraphJson.writeTopologyForStorage(t) + GraphJson.writeInstanceForStorage(i);
        List<String> present = SECRETS.stream().filter(storage::contains).toList();
        assertThat(present).as("the documents hold secrets, the test is meaningful").isNotEmpty();
        for (String out : List.of(GraphJson.writeTopology(t), GraphJson.writeInstance(i), GraphJson.writeInstance(i, t),
                t.toString(), i.toString(), g.toString())) {
            assertThat(SECRETS).noneMatch(out::contains);
        }
        // the masked topology stays a valid topology, references intact
        Topology masked = GraphJson.readTopology(GraphJson.writeTopology(t));
        assertThat(masked.nodes()).isEqualTo(t.nodes());
    }

    @Test
    void secretParameterDefaultsAndValuesAreWrittenAsNull() {
        Topology t = Docs.topology(Docs.LVA_2);
        JsonNode params = Json.read(GraphJson.writeTopology(t)).path("properties").path("parameters");
        assertThat(params.get(4).path("name").asText()).isEqualTo("grpcKey");
        assertThat(params.get(4).get("default").isNull()).isTrue();
        assertThat(params.get(3).path("default").asText()).isEqualTo("tcp://grpc-ext.local:44000");
        JsonNode values = Json.read(GraphJson.writeInstance(Docs.instance(Docs.LVA_2), t)).path("properties").path("parameters");
        assertThat(values.get(0).path("value").asText()).isEqualTo("rtsps://gate.local:322/main");
        assertThat(values.get(1).path("name").asText()).isEqualTo("rtspPassword");
        assertThat(values.get(1).get("value").isNull()).isTrue();
        assertThat(GraphJson.secretParameters(t)).containsExactlyInAnyOrder("rtspPassword", "grpcKey");
    }

    @Test
    void stringParametersUsedAsPasswordsAreSecretToo() {
        // LVA samples declare rtspPassword as String: it is secret because a credential uses it
        String doc = Docs.text(Docs.LVA_1).replace("{ \"name\": \"rtspPassword\", \"type\": \"SecretString\"",
                "{ \"name\": \"rtspPassword\", \"type\": \"String\"");
        Topology t = GraphJson.readTopology(doc);
        assertThat(t.parameter("rtspPassword").orElseThrow().type()).isEqualTo(ParameterType.STRING);
        assertThat(GraphJson.writeTopology(t)).doesNotContain("pw-default-10-secret");
        assertThat(GraphJson.writeInstance(Docs.instance(Docs.LVA_1), t)).doesNotContain("lobby-instance-secret-9");
    }

    @Test
    void literalCredentialsAndUrlPasswordsAreMasked() {
        String doc = Docs.text(Docs.LVA_2)
                .replace("\"url\": \"${rtspUrl}\"", "\"url\": \"rtsps://admin:url-secret-1@gate.local:322/main\"")
                .replace("\"password\": \"${rtspPassword}\"", "\"password\": \"literal-secret-2\"")
                .replace("\"headerValue\": \"${grpcKey}\"", "\"headerValue\": \"literal-secret-3\"");
        Topology t = GraphJson.readTopology(doc);
        String storage = GraphJson.writeTopologyForStorage(t);
        assertThat(storage).contains("url-secret-1", "literal-secret-2", "literal-secret-3");
        String masked = GraphJson.writeTopology(t);
        assertThat(masked).doesNotContain("url-secret-1", "literal-secret-2", "literal-secret-3")
                .contains("rtsps://admin:******@gate.local:322/main");
        JsonNode creds = Json.read(masked).path("properties").path("sources").get(0).path("endpoint").path("credentials");
        assertThat(creds.get("password").isNull()).isTrue();
        assertThat(creds.path("username").asText()).isEqualTo("${rtspUserName}");
        Instance i = Docs.instance(Docs.LVA_2);
        ResolvedGraph g = GraphResolver.resolve(t, i);
        assertThat(g.toString()).doesNotContain("url-secret-1", "literal-secret-2", "literal-secret-3");
        assertThat(t.toString()).doesNotContain("url-secret-1", "literal-secret-2", "literal-secret-3");
    }

    @Test
    void instanceUrlPasswordsAndSecretLookingNamesAreMaskedWithoutTopology() {
        String doc = Docs.text(Docs.LVA_2 + ".instance").replace("rtsps://gate.local:322/main", "rtsps://op:inline-secret-8@gate.local:322/main");
        Instance i = GraphJson.readInstance(doc);
        String masked = GraphJson.writeInstance(i);
        assertThat(masked).doesNotContain("inline-secret-8", "gate-rtsp-secret-3").contains("rtsps://op:******@gate.local:322/main");
        assertThat(GraphJson.writeInstanceForStorage(i)).contains("inline-secret-8", "gate-rtsp-secret-3");
        assertThat(i.toString()).doesNotContain("inline-secret-8", "gate-rtsp-secret-3");
    }

    @Test
    void errorsNeverEchoUrls() {
        String doc = Docs.text(Docs.LVA_2 + ".instance").replace("rtsps://gate.local:322/main", "http://op:echo-secret-1@gate.local/x");
        GraphValidationException e = org.assertj.core.api.Assertions.catchThrowableOfType(GraphValidationException.class,
                () -> GraphResolver.resolve(Docs.topology(Docs.LVA_2), GraphJson.readInstance(doc)));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).doesNotContain("echo-secret-1");
        assertThat(e.error().toJson()).doesNotContain("echo-secret-1");
    }

    @Test
    void errorBodyIsTheLvaPayload() {
        ErrorBody body = new ErrorBody("InvalidResource", "bad", List.of(new ErrorDetail("GraphValidationError", "properties.sinks", "no sink")));
        JsonNode json = Json.read(body.toJson());
        assertThat(json.path("error").path("code").asText()).isEqualTo("InvalidResource");
        assertThat(json.path("error").path("message").asText()).isEqualTo("bad");
        assertThat(json.path("error").path("details").get(0).path("code").asText()).isEqualTo("GraphValidationError");
        assertThat(json.path("error").path("details").get(0).path("target").asText()).isEqualTo("properties.sinks");
        assertThat(json.path("error").path("details").get(0).path("message").asText()).isEqualTo("no sink");
    }

    @Test
    void typeNamesAndEnumsMatchCaseInsensitively() {
        String doc = Docs.text(Docs.ONNX).replace("#Microsoft.Media.MediaGraphRtspSource", "#microsoft.media.mediagraphrtspsource")
                .replace("\"mode\": \"pad\"", "\"mode\": \"PAD\"").replace("\"maximumSamplesPerSecond\"", "\"MaximumSamplesPerSecond\"");
        Topology t = GraphJson.readTopology(doc);
        assertThat(t.sources().get(0)).isInstanceOf(RtspSource.class);
        OnnxExtension onnx = (OnnxExtension) t.processors().get(0);
        assertThat(onnx.image().scale().mode()).isEqualTo(ScaleMode.PAD);
        assertThat(onnx.samplingOptions().maximumSamplesPerSecond()).isEqualTo(5.0);
        assertThat(NodeKind.fromType("#Microsoft.VideoAnalyzer.VideoSink")).contains(NodeKind.ASSET_SINK);
        assertThat(NodeKind.fromType("#Microsoft.Media.MediaGraphAssetSink")).contains(NodeKind.ASSET_SINK);
        assertThat(NodeKind.fromType("#Microsoft.VideoAnalyzer.IotHubMessageSource")).contains(NodeKind.IOT_HUB_MESSAGE_SOURCE);
        assertThat(NodeKind.fromType("#OpenLva.OnnxExtension")).contains(NodeKind.ONNX_EXTENSION);
        assertThat(NodeKind.fromType("#Microsoft.Media.Unknown")).isEmpty();
        assertThat(NodeKind.ASSET_SINK.typeName(Flavor.VIDEO_ANALYZER)).isEqualTo("#Microsoft.VideoAnalyzer.VideoSink");
        assertThat(PixelFormat.BGR24.lvaName()).isEqualTo("bgr24");
    }

    @Test
    void avaDefaultsAndRangesAreAcceptedAsAvaWroteThem() {
        // AVA: scale without mode is pad; JPEG quality 0..100 in both specs; ${System.PreciseDateTime} in file names
        String doc = Docs.text(Docs.AVA).replace("\"mode\": \"pad\", \"width\": \"416\"", "\"width\": \"416\"")
                .replace("\"quality\": \"90\"", "\"quality\": \"0\"")
                .replace("crossing-${System.Runtime.DateTime}", "crossing-${System.PreciseDateTime}");
        Topology t = GraphJson.readTopology(doc);
        HttpExtension http = t.processors().stream().filter(HttpExtension.class::isInstance).map(HttpExtension.class::cast)
                .findFirst().orElseThrow();
        assertThat(http.image().scale().mode()).isEqualTo(ScaleMode.PAD);
        assertThat(http.image().format().quality()).isZero();
        assertThat(SystemVariables.expandRuntime("crossing-${System.PreciseDateTime}", java.time.Instant.parse("2026-12-01T08:00:01.250Z")))
                .isEqualTo("crossing-20261201T080001.250Z");
        // LVA required the mode: still an error there
        String lva = Docs.text(Docs.ONNX).replace("\"mode\": \"pad\",", "");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GraphJson.readTopology(lva))
                .isInstanceOf(GraphValidationException.class).hasMessageContaining("mode");
    }

    @Test
    void secretsMaskUrls() {
        assertThat(Secrets.maskUrl("rtsp://user:pass@host:554/x")).isEqualTo("rtsp://user:******@host:554/x");
        assertThat(Secrets.maskUrl("rtsp://user@host/x")).isEqualTo("rtsp://user@host/x");
        assertThat(Secrets.maskUrl("rtsp://host/x?a=b@c")).isEqualTo("rtsp://host/x?a=b@c");
        assertThat(Secrets.maskUrl(null)).isNull();
        // a password with '@' in it is masked whole, not up to its first '@'
        assertThat(Secrets.maskUrl("rtsp://user:p@ss@w0rd@camera:554/x")).isEqualTo("rtsp://user:******@camera:554/x");
        assertThat(Secrets.maskUrlsIn("camera rtsp://u:p@ss@cam/x failed; retry http://a:b@c@h/ too"))
                .isEqualTo("camera rtsp://u:******@cam/x failed; retry http://a:******@h/ too");
        assertThat(Endpoint.unsecured("rtsp://u:p@ss@cam/x", null).toString()).doesNotContain("ss@");
        assertThat(new UsernamePasswordCredentials("u", "p4ss").toString()).doesNotContain("p4ss");
        assertThat(new HttpHeaderCredentials("h", "v4lue").toString()).doesNotContain("v4lue");
        assertThat(Endpoint.unsecured("rtsp://u:p4ss@h/x", null).toString()).doesNotContain("p4ss");
        assertThat(new ParameterDeclaration("k", ParameterType.SECRET_STRING, null, "d3fault").toString()).doesNotContain("d3fault");
    }
}
