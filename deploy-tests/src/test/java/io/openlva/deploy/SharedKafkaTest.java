package io.openlva.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;

/**
 * Two installations on one Kafka cluster: their own topics (topic prefix) and their own consumer groups (release
 * name), the topics the services expect, and renders that stay the same from one `helm template` to the next.
 */
class SharedKafkaTest {

    private static final String F = Chart.FULLNAME;

    /** App name -> the env var naming its consumer group and the group's suffix. */
    private static final Map<String, List<String>> GROUPS = Map.of(
            "ingest-service", List.of("OPENLVA_INGEST_OWNERSHIP_GROUP_ID", "ingest"),
            "sampler-service", List.of("OPENLVA_SAMPLER_CONSUMER_GROUP", "sampler"),
            "inference-service", List.of("OPENLVA_INFERENCE_CONSUMER_GROUP_ID", "inference"),
            "recorder-service", List.of("OPENLVA_RECORDER_PACKETS_GROUP", "recorder"),
            "hub-bridge", List.of("OPENLVA_HUB_IOTHUB_CONSUMER_GROUP", "hub-bridge"));

    @Test
    void consumerGroupsCarryTheReleasesName() {
        Rendered lva = Chart.render("default");
        Rendered site2 = Chart.parse(Chart.template("default", Map.of("fullnameOverride", "site2-openlva", "topicPrefix", "site2.")));
        GROUPS.forEach((app, g) -> {
            assertThat(Rendered.env(lva.container(app)).get(g.get(0)).getValue()).as(app).isEqualTo(F + "-" + g.get(1));
            Deployment other = site2.get(Deployment.class, "site2-openlva-" + app);
            assertThat(Rendered.env(Rendered.mainContainer(other, app)).get(g.get(0)).getValue()).as(app)
                    .isEqualTo("site2-openlva-" + g.get(1));
            assertThat(Rendered.env(Rendered.mainContainer(other, app)).get("OPENLVA_TOPIC_PREFIX").getValueFrom()
                    .getConfigMapKeyRef().getName()).isEqualTo("site2-openlva-kafka");
        });
        // Each setting is one the service reads (its application.properties documents it).
        GROUPS.forEach((app, g) -> assertThat(QuarkusManifestAgreementTest.documentedEnvNames(
                Chart.read(Chart.PROJECT_ROOT.resolve(app).resolve("src/main/resources/application.properties"))))
                .as(app).contains(g.get(0)));
        // An explicit prefix for installations whose release names are alike.
        Rendered prefixed = Chart.parse(Chart.template("default", Map.of("consumerGroupPrefix", "plant7.")));
        assertThat(Rendered.env(prefixed.container("inference-service")).get("OPENLVA_INFERENCE_CONSUMER_GROUP_ID").getValue())
                .isEqualTo("plant7.inference");
    }

    @Test
    void theTopicsJobCreatesTheTopicsOfTheContract() {
        Map<String, String[]> job = new TreeMap<>();
        String topics = Rendered.env(Chart.render("default").get(Job.class, F + "-topics").getSpec().getTemplate().getSpec()
                .getContainers().get(0)).get("TOPICS").getValue();
        topics.lines().filter(l -> !l.isBlank()).forEach(l -> {
            String[] f = l.trim().split("\\s+");
            job.put(Topics.DEFAULT_PREFIX + f[0], f);
        });
        List<NewTopic> specs = TopicSpecs.specs(Topics.DEFAULT, TopicSpecs.DEFAULT_MEDIA_PARTITIONS);
        assertThat(job.keySet()).as("the chart's topics are media-graph's")
                .containsExactlyInAnyOrderElementsOf(specs.stream().map(NewTopic::name).toList());
        for (NewTopic spec : specs) {
            String[] line = job.get(spec.name());
            assertThat(Integer.parseInt(line[1])).as(spec.name() + " partitions").isEqualTo(spec.numPartitions());
            Map<String, String> configs = new LinkedHashMap<>();
            for (String kv : line[2].split(",")) {
                configs.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            // The chart may add settings (segment.ms); those the services create topics with must be the same.
            spec.configs().forEach((k, v) -> assertThat(configs).as(spec.name()).containsEntry(k, v));
        }
        assertThat(Topics.DEFAULT.compacted()).allSatisfy(t -> assertThat(job.get(t)[2]).isEqualTo("cleanup.policy=compact"));
    }

    @Test
    void renderingTwiceChangesNothingButAGeneratedToken() {
        // A token given (or an existing Secret): two renders are identical, as GitOps needs.
        Map<String, Object> fixed = Map.of("hubBridge.apiToken.value", "a-fixed-token-for-gitops-0123456789",
                "kafka.bundled.auth.existingSecret", "openlva-kafka-users", "kafka.bundled.tls.existingSecret", "openlva-kafka-tls",
                "parameterEncryption.existingSecret", "openlva-keys");
        assertThat(Chart.template("default", fixed)).isEqualTo(Chart.template("default", fixed));
        Map<String, Object> existing = Map.of("hubBridge.apiToken.existingSecret", "openlva-api-token",
                "kafka.bundled.auth.existingSecret", "openlva-kafka-users", "kafka.bundled.tls.existingSecret", "openlva-kafka-tls",
                "parameterEncryption.existingSecret", "openlva-keys");
        String withExisting = Chart.template("default", existing);
        assertThat(withExisting).isEqualTo(Chart.template("default", existing)).doesNotContain(F + "-api-token");
        // A generated one changes with each render without a cluster: only hub-bridge restarts for it, and its
        // checksum is the Secret's own.
        // (Kafka passwords and parameter keys from existing Secrets: generated ones restart every service, see below)
        Map<String, Object> kept = Map.of("kafka.bundled.auth.existingSecret", "openlva-kafka-users",
                "kafka.bundled.tls.existingSecret", "openlva-kafka-tls", "parameterEncryption.existingSecret", "openlva-keys");
        Rendered a = Chart.parse(Chart.template("default", kept));
        Rendered b = Chart.parse(Chart.template("default", kept));
        for (String app : Chart.SERVICES.keySet()) {
            PodTemplateSpec ta = a.service(app).getSpec().getTemplate();
            PodTemplateSpec tb = b.service(app).getSpec().getTemplate();
            if (app.equals("hub-bridge")) {
                assertThat(ta.getMetadata().getAnnotations().get("checksum/secrets"))
                        .isNotEqualTo(tb.getMetadata().getAnnotations().get("checksum/secrets"));
            } else {
                assertThat(ta).as(app + " pod template").isEqualTo(tb);
                assertThat(ta.getMetadata().getAnnotations()).doesNotContainKey("checksum/secrets");
            }
        }
        Map<String, String> env = Rendered.env(a.container("hub-bridge")).values().stream()
                .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .collect(Collectors.toMap(EnvVar::getName, e -> e.getValueFrom().getSecretKeyRef().getName()));
        assertThat(env).containsEntry("OPENLVA_HUB_API_TOKEN", F + "-api-token");
        // Generated Kafka passwords and parameter keys: every service restarts with the new ones (checksum/kafka).
        Rendered c = Chart.parse(Chart.template("default", Map.of()));
        Rendered d = Chart.parse(Chart.template("default", Map.of()));
        assertThat(c.service("sampler-service").getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/kafka"))
                .isNotEqualTo(d.service("sampler-service").getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/kafka"));
    }
}
