package io.openlva.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * Every image the chart runs: by default the names scripts/build-images.sh gives them (localhost/openlva/<name>:
 * <appVersion>, imported into K3s without a registry); registry, repository, tag and digest settable per image.
 */
class ImagesTest {

    private static final String F = Chart.FULLNAME;

    @Test
    void defaultsAreTheLocallyBuiltImages() {
        Map<String, String> images = images(Chart.render("default"));
        Map<String, String> expected = new LinkedHashMap<>();
        Chart.SERVICES.keySet().forEach(app -> expected.put(app, "localhost/openlva/" + app + ":" + Chart.APP_VERSION));
        expected.put("camera", "localhost/openlva/simulated-camera:" + Chart.APP_VERSION);
        expected.put("kafka", "localhost/openlva/kafka:" + Chart.APP_VERSION);
        expected.put("kafka-topics", "localhost/openlva/tools:" + Chart.APP_VERSION);
        expected.put("model-fetch", "localhost/openlva/tools:" + Chart.APP_VERSION);
        expected.put("graph-api", "localhost/openlva/tools:" + Chart.APP_VERSION);
        assertThat(images).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void registryTagAndDigestPerImage() {
        Map<String, String> images = images(Chart.render("external-listener"));
        // The global registry and tag apply to every image that sets none of its own.
        assertThat(images.get("ingest-service")).isEqualTo("registry.example.com:5000/openlva/ingest-service:1.2.3");
        assertThat(images.get("camera")).isEqualTo("registry.example.com:5000/openlva/simulated-camera:1.2.3");
        // A digest pins the image and replaces the tag (podman and CRI-O refuse both).
        assertThat(images.get("inference-service")).isEqualTo(
                "registry.example.com:5000/openlva/inference-service@sha256:" + "1".repeat(64));
        assertThat(images.get("kafka")).isEqualTo("registry.example.com:5000/openlva/kafka@sha256:" + "2".repeat(64));
        // An image's own registry and tag win.
        assertThat(images.get("kafka-topics")).isEqualTo("mirror.example.com/openlva/tools:2.0");
        assertThat(images.get("model-fetch")).isEqualTo("mirror.example.com/openlva/tools:2.0");
        assertThat(images.get("graph-api")).isEqualTo("mirror.example.com/openlva/tools:2.0");
    }

    @Test
    void oneImageCanComeFromElsewhere() {
        Rendered r = Chart.parse(Chart.template("default", Map.of("recorder.image.registry", "quay.example.org",
                "recorder.image.repository", "team/recorder", "recorder.image.tag", "patched-7")));
        assertThat(r.container("recorder-service").getImage()).isEqualTo("quay.example.org/team/recorder:patched-7");
        assertThat(r.container("sampler-service").getImage()).isEqualTo("localhost/openlva/sampler-service:" + Chart.APP_VERSION);
    }

    /** Container name (the service's app name for the services) -> image, over every pod of the release. */
    static Map<String, String> images(Rendered r) {
        Map<String, String> images = new LinkedHashMap<>();
        for (PodSpec spec : r.podSpecs().values()) {
            for (Container c : Rendered.allContainers(spec)) {
                String previous = images.put(c.getName(), c.getImage());
                assertThat(previous).as("container name " + c.getName() + " twice with different images")
                        .isIn(null, c.getImage());
            }
        }
        assertThat(images).containsKeys(List.of("kafka", "kafka-topics").toArray(String[]::new));
        assertThat(r.podSpecs()).containsKey("Deployment/" + F + "-hub-bridge");
        return images;
    }
}
