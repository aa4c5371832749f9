package io.openlva.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.OwningService;
import io.openlva.graph.param.ParameterCipher;
import io.openlva.runtime.KafkaAccess;

/**
 * Who may change the pipeline, as the chart renders it: the bundled broker asks for logins and enforces ACLs, each
 * service logs in as its own principal with a generated password kept on upgrade, the topics Job grants exactly
 * service-runtime's {@link KafkaAccess} table, parameter values are sealed with a generated key, NetworkPolicy on.
 */
class KafkaAuthChartTest {

    private static final String F = Chart.FULLNAME;

    static Map<String, String> decoded(Secret s) {
        Map<String, String> out = new LinkedHashMap<>();
        s.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        return out;
    }

    static Job topicsJob(Rendered r) {
        return r.get(Job.class, F + "-topics");
    }

    /** The Job's ACLS lines as principal -> operation -> resources ("topic:x", "prefixed topic:lva.", ...). */
    static Map<String, Map<String, Set<String>>> acls(Job job) {
        String lines = Rendered.env(job.getSpec().getTemplate().getSpec().getContainers().get(0)).get("ACLS").getValue();
        Map<String, Map<String, Set<String>>> out = new HashMap<>();
        for (String line : lines.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            for (String op : parts[2].split(",")) {
                for (int i = 3; i < parts.length; i++) {
                    out.computeIfAbsent(parts[0], p -> new HashMap<>()).computeIfAbsent(op, o -> new TreeSet<>())
                            .add((parts[1].equals("prefixed") ? "prefixed " : "") + parts[i]);
                }
            }
        }
        return out;
    }

    @Test
    void theJobGrantsExactlyWhatKafkaAccessSays() {
        Map<String, Map<String, Set<String>>> granted = acls(topicsJob(Chart.render("default")));
        Topics topics = Topics.DEFAULT;
        assertThat(granted).hasSize(OwningService.values().length);
        for (OwningService s : OwningService.values()) {
            Map<String, Set<String>> mine = granted.get(KafkaAccess.principal(s));
            for (AclOperation op : EnumSet.of(AclOperation.READ, AclOperation.WRITE)) {
                Set<String> expected = new TreeSet<>();
                KafkaAccess.topics(s, topics).forEach((topic, ops) -> {
                    if (ops.contains(op)) {
                        expected.add("topic:" + topic);
                    }
                });
                Set<String> topicGrants = new TreeSet<>(mine.get(op == AclOperation.READ ? "Read" : "Write"));
                topicGrants.removeIf(g -> !g.startsWith("topic:"));
                assertThat(topicGrants).as("%s %s", s, op).isEqualTo(expected);
            }
            for (String op : List.of("Describe", "DescribeConfigs", "Create")) {
                assertThat(mine.get(op)).as("%s %s", s, op).containsExactly("prefixed topic:" + topics.prefix());
            }
            // the release's own consumer group (lva-openlva-<group>), nothing broader
            assertThat(mine.get("Read")).filteredOn(g -> g.contains("group:")).allSatisfy(g -> assertThat(g)
                    .matches("prefixed group:(" + F + "-.+|hub-bridge-status-)"));
        }
        assertThat(granted.get("User:sampler-service").get("Write")).doesNotContain("topic:lva.graph.instances",
                "topic:lva.graph.topologies");
    }

    @Test
    void eachServiceLogsInAsItselfWithAGeneratedPasswordAndGetsTheParameterKeys() {
        Rendered r = Chart.render("default");
        Map<String, String> users = decoded(r.get(Secret.class, F + "-kafka-users"));
        assertThat(users).containsOnlyKeys("admin", "hub-bridge", "ingest-service", "sampler-service",
                "inference-service", "recorder-service", "keda-username");
        users.forEach((user, password) -> {
            if (!user.equals("keda-username")) {
                assertThat(password).as(user).matches("[A-Za-z0-9]{32}");
            }
        });
        assertThat(r.get(Secret.class, F + "-kafka-users").getMetadata().getAnnotations())
                .containsEntry("helm.sh/resource-policy", "keep");
        ParameterCipher keys = ParameterCipher.parse(decoded(r.get(Secret.class, F + "-parameter-keys")).get("keys"));
        assertThat(keys.sealing()).isTrue();
        assertThat(keys.sealingKeyId()).matches("k\\d{8}");

        for (String app : Chart.SERVICES.keySet()) {
            Map<String, EnvVar> env = Rendered.env(r.container(app));
            assertThat(env.get("KAFKA_SECURITY_PROTOCOL").getValue()).isEqualTo("SASL_SSL");
            assertThat(env.get("KAFKA_SASL_MECHANISM").getValue()).isEqualTo("SCRAM-SHA-512");
            assertThat(env.get("KAFKA_SASL_USERNAME").getValue()).isEqualTo(app);
            assertThat(env.get("KAFKA_SASL_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo(F + "-kafka-users");
            assertThat(env.get("KAFKA_SASL_PASSWORD").getValueFrom().getSecretKeyRef().getKey()).isEqualTo(app);
            assertThat(env.get("OPENLVA_PARAMETER_KEYS").getValueFrom().getSecretKeyRef().getName()).isEqualTo(F + "-parameter-keys");
        }
        Map<String, EnvVar> job = Rendered.env(topicsJob(r).getSpec().getTemplate().getSpec().getContainers().get(0));
        assertThat(job.get("KAFKA_SASL_USERNAME").getValue()).isEqualTo("admin");
        assertThat(job.get("KAFKA_SASL_MECHANISM").getValue()).isEqualTo("PLAIN");

        Container broker = r.get(StatefulSet.class, F + "-kafka").getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, EnvVar> b = Rendered.env(broker);
        assertThat(b.get("KAFKA_CFG_LISTENER_SECURITY_PROTOCOL_MAP").getValue()).isEqualTo("CONTROLLER:SASL_PLAINTEXT,SASL:SASL_SSL");
        assertThat(b.get("KAFKA_CFG_AUTHORIZER_CLASS_NAME").getValue()).endsWith("StandardAuthorizer");
        assertThat(b.get("KAFKA_CFG_SUPER_USERS").getValue()).isEqualTo("User:admin");
        assertThat(b.get("KAFKA_CFG_ALLOW_EVERYONE_IF_NO_ACL_FOUND").getValue()).isEqualTo("false");
        assertThat(b.get("KAFKA_ADMIN_PASSWORD").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("admin");

        assertThat(r.all(NetworkPolicy.class)).as("NetworkPolicy on by default").isNotEmpty();
    }

    @Test
    void anUpgradeKeepsThePasswordsAndKeysAlreadyInTheCluster() {
        String namespace = "auth-upgrade";
        Map<String, String> kept = new LinkedHashMap<>();
        for (String user : List.of("admin", "hub-bridge", "ingest-service", "sampler-service", "inference-service",
                "recorder-service")) {
            kept.put(user, "kept0" + user.replace("-", "") + "0123456789");
        }
        String keys = ParameterCipher.newKey("k20260101");
        KubernetesApiStandIn api = KubernetesApiStandIn.get();
        api.putSecret(secret(namespace, F + "-kafka-users", kept));
        api.putSecret(secret(namespace, F + "-parameter-keys", Map.of("keys", keys)));
        try {
            Rendered upgrade = Chart.parse(Chart.template("default", Map.of(), namespace));
            assertThat(decoded(upgrade.get(Secret.class, F + "-kafka-users"))).containsAllEntriesOf(kept);
            assertThat(decoded(upgrade.get(Secret.class, F + "-parameter-keys"))).containsEntry("keys", keys);
        } finally {
            api.removeSecret(namespace, F + "-kafka-users");
            api.removeSecret(namespace, F + "-parameter-keys");
        }
        String first = decoded(Chart.parse(Chart.template("default", Map.of(), namespace)).get(Secret.class, F + "-kafka-users")).get("admin");
        assertThat(first).isNotEqualTo(kept.get("admin"));
    }

    @Test
    void authAndSealingCanBeTurnedOffAndExistingSecretsUsed() {
        Rendered open = Chart.parse(Chart.template("default", Map.of("kafka.bundled.auth.enabled", false,
                "parameterEncryption.enabled", false, "networkPolicy.enabled", false)));
        assertThat(open.find(Secret.class, F + "-kafka-users")).isEmpty();
        assertThat(open.find(Secret.class, F + "-parameter-keys")).isEmpty();
        assertThat(Rendered.env(open.container("sampler-service"))).doesNotContainKeys("KAFKA_SASL_USERNAME",
                "OPENLVA_PARAMETER_KEYS");
        assertThat(Rendered.env(open.get(StatefulSet.class, F + "-kafka").getSpec().getTemplate().getSpec()
                .getContainers().get(0)).get("KAFKA_CFG_LISTENER_SECURITY_PROTOCOL_MAP").getValue())
                .isEqualTo("CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        assertThat(Rendered.env(topicsJob(open).getSpec().getTemplate().getSpec().getContainers().get(0)))
                .doesNotContainKeys("ACLS", "KAFKA_SASL_USERNAME");

        Rendered existing = Chart.parse(Chart.template("default", Map.of("kafka.bundled.auth.existingSecret", "my-kafka-users",
                "parameterEncryption.existingSecret", "my-keys")));
        assertThat(existing.find(Secret.class, F + "-kafka-users")).isEmpty();
        Map<String, EnvVar> env = Rendered.env(existing.container("recorder-service"));
        assertThat(env.get("KAFKA_SASL_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("my-kafka-users");
        assertThat(env.get("OPENLVA_PARAMETER_KEYS").getValueFrom().getSecretKeyRef().getName()).isEqualTo("my-keys");
    }

    private static Secret secret(String namespace, String name, Map<String, String> data) {
        Map<String, String> encoded = new LinkedHashMap<>();
        data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName(name)
                .withNamespace(namespace).endMetadata().withData(encoded).build();
    }

}
