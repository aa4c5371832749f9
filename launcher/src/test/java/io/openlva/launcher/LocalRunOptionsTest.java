package io.openlva.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.Json;

class LocalRunOptionsTest {

    @Test
    void parsesEveryOption(@TempDir Path dir) throws Exception {
        Path video = Files.writeString(dir.resolve("v.mp4"), "x");
        Path model = Files.writeString(dir.resolve("m.onnx"), "x");
        Path topology = Files.writeString(dir.resolve("t.json"), "{}");
        Path instance = Files.writeString(dir.resolve("i.json"), "{}");
        LocalRunOptions o = LocalRunOptions.parse(new String[] {"--duration", "30", "--video", video.toString(),
                "--model", model.toString(), "--topology", topology.toString(), "--instance", instance.toString()});
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.video()).isEqualTo(video.toAbsolutePath());
        assertThat(o.model()).isEqualTo(model.toAbsolutePath());
        assertThat(o.topology()).isEqualTo(topology.toAbsolutePath());
        assertThat(o.rtspUrl()).isNull();
    }

    @Test
    void refusesWhatCannotWork(@TempDir Path dir) throws Exception {
        Path t = Files.writeString(dir.resolve("t.json"), "{}");
        assertThatThrownBy(() -> LocalRunOptions.parse(new String[] {"--topology", t.toString()}))
                .hasMessageContaining("--instance");
        assertThatThrownBy(() -> LocalRunOptions.parse(new String[] {"--video", dir.resolve("none.mp4").toString()}))
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> LocalRunOptions.parse(new String[] {"--duration", "0"})).hasMessageContaining("positive");
        assertThatThrownBy(() -> LocalRunOptions.parse(new String[] {"--frobnicate"})).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> LocalRunOptions.parse(new String[] {"--duration"})).hasMessageContaining("needs a value");
    }

    @Test
    void fillsDeclaredParametersOnlyAndAlwaysPointsAtThisRunsCamera() {
        JsonNode topology = Json.read("""
                {"name":"t","properties":{"parameters":[{"name":"rtspUrl","type":"String"},{"name":"modelPath","type":"String"}]}}
                """);
        ObjectNode instance = (ObjectNode) Json.read("""
                {"name":"i","properties":{"topologyName":"t","parameters":[{"name":"rtspUrl","value":"rtsp://rtspsim:554/media/x.mkv"}]}}
                """);
        LocalRun.fillParameters(topology, instance, Map.of("rtspUrl", "rtsp://127.0.0.1:8554/cam1",
                "modelPath", "/m.onnx", "recordingsDirectory", "/r"));
        assertThat(instance.toString())
                .contains("rtsp://127.0.0.1:8554/cam1")
                .doesNotContain("rtspsim")
                .contains("/m.onnx")
                .doesNotContain("recordingsDirectory");
    }
}
