package io.openlva.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

/**
 * A value of the wrong type, out of range or under an unknown key fails `helm install`/`helm template` with
 * values.schema.json's message naming it, before anything reaches the cluster.
 */
class ValuesSchemaTest {

    /** key, a bad value, what the message must name: a values path (dotted, shown as Helm's JSON pointer) or a key. */
    record Bad(String key, Object value, String named) {
        @Override
        public String toString() {
            return key + "=" + value;
        }
    }

    static final List<Bad> BAD = List.of(
            // images
            new Bad("image.registry", "Not A Host!", "image.registry"),
            new Bad("image.tag", "has spaces", "image.tag"),
            new Bad("ingest.image.digest", "sha256:xyz", "ingest.image.digest"),
            new Bad("inference.image.repository", "", "inference.image.repository"),
            new Bad("camera.image.tag", "a:b", "camera.image.tag"),
            new Bad("kafka.bundled.image.digest", "md5:00", "kafka.bundled.image.digest"),
            new Bad("tools.image.registry", "https://registry.example.com", "tools.image.registry"),
            new Bad("tools.image.flavour", "slim", "flavour"),
            new Bad("apiVersions", "keda.sh/v1alpha1", "apiVersions"),
            new Bad("clusterDomain", "", "clusterDomain"),
            new Bad("consumerGroupPrefix", "has space", "consumerGroupPrefix"),
            new Bad("startupTimeoutSeconds", "five minutes", "startupTimeoutSeconds"),
            // external listener
            new Bad("kafka.bundled.externalListener.enabled", "yes", "kafka.bundled.externalListener.enabled"),
            new Bad("kafka.bundled.externalListener.type", "ClusterIP", "kafka.bundled.externalListener.type"),
            new Bad("kafka.bundled.externalListener.port", 9092, "kafka.bundled.externalListener.port"),
            new Bad("kafka.bundled.externalListener.nodePort", 8080, "kafka.bundled.externalListener.nodePort"),
            new Bad("kafka.bundled.externalListener.advertisedHost", "host name", "kafka.bundled.externalListener.advertisedHost"),
            new Bad("kafka.bundled.externalListner.enabled", true, "externalListner"),
            // model
            new Bad("inference.model.url.sha256", "abc", "inference.model.url.sha256"),
            new Bad("inference.model.url.url", "ftp://models/x.onnx", "inference.model.url.url"),
            new Bad("inference.model.url.archivePath", "/abs/path.onnx", "inference.model.url.archivePath"),
            new Bad("inference.model.url.cache", "hostPath", "inference.model.url.cache"),
            new Bad("inference.model.url.timeoutSeconds", "long", "inference.model.url.timeoutSeconds"),
            new Bad("inference.model.url.sha265", "x", "sha265"),
            // topics job
            new Bad("kafka.topics.job.waitSeconds", "2m", "kafka.topics.job.waitSeconds"),
            new Bad("kafka.topics.job.commandTimeoutSeconds", 0, "kafka.topics.job.commandTimeoutSeconds"),
            new Bad("kafka.topics.job.activeDeadlineSeconds", "soon", "kafka.topics.job.activeDeadlineSeconds"),
            new Bad("kafka.topics.job.waitAttempts", 60, "waitAttempts"),
            // placement
            new Bad("inference.nodeSelector", "gpu", "inference.nodeSelector"),
            new Bad("inference.nodeSelector.kubernetes\\.io/arch", "arm64", "at '/inference/nodeSelector/kubernetes.io~1arch'"),
            new Bad("kafka.bundled.tolerations", "none", "kafka.bundled.tolerations"),
            new Bad("camera.affinity", "close", "camera.affinity"),
            new Bad("sampler.tolerations[0]", "x", "sampler.tolerations"),
            // hub-bridge, resources, removed values
            new Bad("hubBridge.replicas", 2, "hubBridge.replicas"),
            new Bad("hubBridge.replicas", "one", "hubBridge.replicas"),
            new Bad("recorder.resources.requests.cpu", "lots", "recorder.resources.requests.cpu"),
            new Bad("inference.consumerGroup", "old-style", "consumerGroup"),
            new Bad("tests.image.repository", "curlimages/curl", "tests"));

    @ParameterizedTest
    @FieldSource("BAD")
    void aBadValueFailsWithTheSchemasMessage(Bad bad) {
        assertThatThrownBy(() -> Chart.template("default", Map.of(bad.key(), bad.value())))
                .as(bad.toString())
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(bad.named().startsWith("at ") || !bad.named().contains(".") ? bad.named()
                        : "at '/" + bad.named().replace('.', '/'));
    }

    @Test
    void theEdgeProfileAndEveryValueSetPassTheSchema() {
        for (String valueSet : Chart.VALUE_SETS) {
            assertThat(Chart.render(valueSet).docs()).as(valueSet).isNotEmpty();
        }
    }

    @Test
    void kedaAndServiceMonitorNeedTheirApisInTheCluster() {
        // helm template without a cluster knows the built-in APIs only: the render stops and says what is missing.
        assertThatThrownBy(() -> Chart.template("default", Map.of("inference.autoscaling.mode", "keda")))
                .hasMessageContaining("inference.autoscaling.mode=keda needs KEDA 2.x, but the cluster serves no keda.sh/v1alpha1")
                .hasMessageContaining("--api-versions keda.sh/v1alpha1");
        assertThatThrownBy(() -> Chart.template("default", Map.of("metrics.serviceMonitor.enabled", true)))
                .hasMessageContaining("metrics.serviceMonitor.enabled=true needs the Prometheus Operator's CRDs, but the cluster "
                        + "serves no monitoring.coreos.com/v1");
        // Declared (as --api-versions or a cluster would), they render.
        assertThat(Chart.template("default", Map.of("inference.autoscaling.mode", "keda", "apiVersions[0]", "keda.sh/v1alpha1")))
                .contains("kind: ScaledObject");
        assertThat(Chart.template("default", Map.of("metrics.serviceMonitor.enabled", true,
                "apiVersions[0]", "monitoring.coreos.com/v1"))).contains("kind: ServiceMonitor");
    }

    @Test
    void theTopicsJobMustStopBeforeItsDeadline() {
        assertThatThrownBy(() -> Chart.template("default", Map.of("kafka.topics.job.waitSeconds", 260)))
                .hasMessageContaining("kafka.topics.job.waitSeconds + commandTimeoutSeconds (290) must stay below activeDeadlineSeconds (270)");
    }
}
