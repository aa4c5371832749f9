package io.openlva.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Invariants every value set must keep: lint, the Kubernetes model, placement, probes, security, secrets. */
class RenderedManifestsTest {

    static final List<String> VALUE_SETS = Chart.VALUE_SETS;

    /** Kinds without a fabric8 model class (custom resources); everything else must parse into its type. */
    private static final Set<String> CUSTOM_KINDS = Set.of("ScaledObject", "TriggerAuthentication", "ServiceMonitor");

    /** Env names that carry secrets: they must come from a Secret, never a literal or a ConfigMap. */
    private static final Pattern SECRET_ENV = Pattern.compile(".*(TOKEN|PASSWORD|CONNECTION_STRING|JAAS|SECRET|CREDENTIAL|KEY).*");

    /** Values that look like credentials: IoT Hub keys, JAAS lines, user:pass@ URLs, password= pairs. */
    private static final Pattern SECRET_VALUE = Pattern.compile(
            "(?i).*(SharedAccessKey=|LoginModule|password\\s*=|://[^/@\\s:]+:[^/@\\s]+@).*");

    @Test
    void lintsCleanInStrictMode() {
        LintResult result = new Helm(Chart.CHART_DIR).lint().strict().call();
        assertThat(result.isFailed()).as("helm lint --strict:%n%s", String.join("\n", result.getMessages())).isFalse();
    }

    @ParameterizedTest
    @FieldSource("VALUE_SETS")
    void everyDocumentParsesIntoItsKubernetesTypeWithoutUnknownFields(String valueSet) {
        Rendered rendered = Chart.render(valueSet);
        assertThat(rendered.docs()).hasSizeGreaterThan(10);
        for (Chart.Doc doc : rendered.docs()) {
            String where = valueSet + ": " + doc.kind() + "/" + doc.name();
            assertThat(doc.resource().getKind()).as(where).isEqualTo(doc.raw().get("kind"));
            assertThat(doc.resource().getApiVersion()).as(where).isEqualTo(doc.raw().get("apiVersion"));
            if (!CUSTOM_KINDS.contains(doc.kind())) {
                assertThat(doc.resource()).as(where + " has a model class").isNotInstanceOf(GenericKubernetesResource.class);
            }
            assertThat(UnknownFields.of(doc.resource())).as(where + ": fields unknown to the Kubernetes model").isEmpty();
            assertThat(doc.name()).as(where).startsWith(Chart.FULLNAME).hasSizeLessThanOrEqualTo(63);
        }
    }

    @ParameterizedTest
    @FieldSource("VALUE_SETS")
    void everyPodRunsOnAmd64AsNonRootWithDroppedCapabilities(String valueSet) {
        Map<String, PodSpec> pods = Chart.render(valueSet).podSpecs();
        assertThat(pods).isNotEmpty();
        pods.forEach((name, spec) -> {
            String where = valueSet + ": " + name;
            assertThat(spec.getNodeSelector()).as(where).containsEntry("kubernetes.io/arch", "amd64");
            assertThat(spec.getSecurityContext().getRunAsNonRoot()).as(where + " runAsNonRoot").isTrue();
            assertThat(spec.getSecurityContext().getRunAsUser()).as(where + " runAsUser").isPositive();
            assertThat(spec.getEnableServiceLinks()).as(where + " enableServiceLinks").isFalse();
            for (Container c : Rendered.allContainers(spec)) {
                String cw = where + " container " + c.getName();
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(cw).isFalse();
                assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(cw).contains("ALL");
                assertThat(c.getSecurityContext().getCapabilities().getAdd()).as(cw).isNullOrEmpty();
                assertThat(c.getResources().getRequests()).as(cw + " requests").containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as(cw + " limits").containsKeys("cpu", "memory");
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(cw + " read-only root").isTrue();
                if (Boolean.TRUE.equals(c.getSecurityContext().getReadOnlyRootFilesystem()) && !name.startsWith("Pod/")) {
                    String tmpVolume = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                            .map(m -> m.getName()).findFirst().orElseThrow(() -> new AssertionError(cw + " has no writable /tmp"));
                    Volume volume = spec.getVolumes().stream().filter(v -> v.getName().equals(tmpVolume)).findFirst().orElseThrow();
                    assertThat(volume.getEmptyDir()).as(cw + " /tmp is an emptyDir").isNotNull();
                }
            }
        });
    }

    @ParameterizedTest
    @FieldSource("VALUE_SETS")
    void servicesServeHttpAndAreProbedOnQuarkusHealth(String valueSet) {
        Rendered rendered = Chart.render(valueSet);
        Chart.SERVICES.forEach((app, port) -> {
            String where = valueSet + ": " + app;
            Deployment deployment = rendered.service(app);
            Container c = Rendered.mainContainer(deployment, app);
            // every service serves HTTP; inference-service also the LVA gRPC extension protocol (its built-in model)
            Map<String, Integer> ports = new java.util.LinkedHashMap<>();
            c.getPorts().forEach(p -> ports.put(p.getName(), p.getContainerPort()));
            assertThat(ports).as(where).isEqualTo(app.equals("inference-service")
                    ? Map.of("http", port, "grpc", 5001) : Map.of("http", port));
            assertProbe(where + " startup", c.getStartupProbe(), "/q/health/started");
            assertProbe(where + " liveness", c.getLivenessProbe(), "/q/health/live");
            assertProbe(where + " readiness", c.getReadinessProbe(), "/q/health/ready");
            assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).as(where)
                    .containsEntry("prometheus.io/path", "/q/metrics")
                    .containsEntry("prometheus.io/port", String.valueOf(port));
            assertThat(Rendered.envNames(c)).as(where).contains("KAFKA_BOOTSTRAP_SERVERS", "OPENLVA_TOPIC_PREFIX");
            Service service = rendered.serviceObject(app);
            ServicePort sp = service.getSpec().getPorts().get(0);
            assertThat(sp.getPort()).as(where).isEqualTo(port);
            assertThat(sp.getTargetPort().getStrVal()).as(where).isEqualTo("http");
            assertThat(service.getSpec().getPorts()).as(where).extracting(ServicePort::getName)
                    .containsExactlyElementsOf(ports.keySet());
            assertThat(service.getSpec().getSelector()).as(where)
                    .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).as(where)
                    .containsAllEntriesOf(service.getSpec().getSelector());
        });
    }

    private static void assertProbe(String where, Probe probe, String path) {
        assertThat(probe).as(where).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(where).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as(where).isEqualTo("http");
    }

    @ParameterizedTest
    @FieldSource("VALUE_SETS")
    void secretsLiveOnlyInSecrets(String valueSet) {
        Rendered rendered = Chart.render(valueSet);
        // Env vars with secret names reference a Secret.
        rendered.podSpecs().forEach((name, spec) -> {
            for (Container c : Rendered.allContainers(spec)) {
                for (EnvVar e : c.getEnv()) {
                    if (SECRET_ENV.matcher(e.getName()).matches()) {
                        assertThat(e.getValue()).as(valueSet + ": " + name + " env " + e.getName() + " is a literal").isNull();
                        assertThat(e.getValueFrom().getSecretKeyRef()).as(valueSet + ": " + name + " env " + e.getName()).isNotNull();
                    } else if (e.getValue() != null) {
                        assertThat(e.getValue()).as(valueSet + ": " + name + " env " + e.getName()).doesNotMatch(SECRET_VALUE);
                    }
                }
            }
        });
        // No ConfigMap holds a credential.
        for (ConfigMap cm : rendered.all(ConfigMap.class)) {
            cm.getData().forEach((k, v) -> {
                assertThat(SECRET_ENV.matcher(k).matches()).as(valueSet + ": ConfigMap key " + k).isFalse();
                assertThat(v).as(valueSet + ": ConfigMap " + cm.getMetadata().getName() + " " + k).doesNotMatch(SECRET_VALUE);
            });
        }
        // No secret value appears anywhere outside its Secret (plain or base64).
        String outsideSecrets = String.join("\n", rendered.docs().stream()
                .filter(d -> !(d.resource() instanceof Secret)).map(d -> d.raw().toString()).toList());
        for (Secret secret : rendered.all(Secret.class)) {
            secret.getData().forEach((k, b64) -> {
                String value = new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
                assertThat(value).as(valueSet + ": secret " + k).isNotBlank();
                // a user name (keda-username) is no secret: it names the principal in the ACLs too
                if (value.length() >= 8 && !k.endsWith("username")) {
                    assertThat(outsideSecrets).as(valueSet + ": value of secret key " + k + " leaks").doesNotContain(value, b64);
                }
            });
        }
    }

    @ParameterizedTest
    @FieldSource("VALUE_SETS")
    void everyPodTemplateUsesTheConfiguredImages(String valueSet) {
        Rendered rendered = Chart.render(valueSet);
        // A pinned reference: a tag that is not "latest", or a digest alone (podman and CRI-O refuse both together).
        rendered.podSpecs().forEach((name, spec) -> Rendered.allContainers(spec).forEach(c -> {
            assertThat(c.getImage()).as(valueSet + ": " + name)
                    .matches("[a-z0-9.:/-]+/openlva/[a-z-]+(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})")
                    .doesNotEndWith(":latest");
            assertThat(c.getImagePullPolicy()).as(valueSet + ": " + name).isEqualTo("IfNotPresent");
        }));
    }
}
