package io.openlva.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The chart agrees with what quarkus-kubernetes generates for each service at {@code mvn package}
 * ({@code <service>/target/kubernetes/kubernetes.yml}): ports, probe paths and ports, env names, image. And every
 * OPENLVA_* variable the chart (in any value set) gives a service is a setting that service documents in its
 * application.properties, so a renamed setting cannot silently stop reaching the service.
 */
class QuarkusManifestAgreementTest {

    static final List<String> SERVICES = List.copyOf(Chart.SERVICES.keySet());

    /** Where the generated manifests are: the project itself, or (for a run outside the reactor) another build. */
    private static final Path GENERATED_ROOT = Path.of(System.getProperty("openlva.generated.root",
            Chart.PROJECT_ROOT.toString()));

    /** Service-specific settings: OPENLVA_<SERVICE>_...; the shared ones (topic prefix) are checked separately. */
    private static final Map<String, String> ENV_PREFIX = Map.of(
            "ingest-service", "OPENLVA_INGEST_", "sampler-service", "OPENLVA_SAMPLER_",
            "inference-service", "OPENLVA_INFERENCE_", "recorder-service", "OPENLVA_RECORDER_", "hub-bridge", "OPENLVA_HUB_");

    @ParameterizedTest
    @FieldSource("SERVICES")
    void portsProbesEnvAndImageMatchTheGeneratedManifest(String app) {
        Path file = GENERATED_ROOT.resolve(app).resolve("target/kubernetes/kubernetes.yml");
        assertThat(file).as("quarkus-kubernetes output of " + app + ": build the services first (mvn package; "
                + "deploy-tests comes after them in the reactor)").isRegularFile();
        Rendered generated = Chart.parse(Chart.read(file));
        Deployment gd = generated.get(Deployment.class, app);
        Container gc = Rendered.mainContainer(gd, app);

        Rendered chart = Chart.render("default");
        Deployment cd = chart.service(app);
        Container cc = Rendered.mainContainer(cd, app);

        // Ports: same names and numbers.
        assertThat(ports(cc)).as(app + " container ports").isEqualTo(ports(gc));
        // Probes: same paths, same port (the chart names it, Quarkus gives the number).
        assertSameProbe(app + " liveness", cc, cc.getLivenessProbe(), gc.getLivenessProbe());
        assertSameProbe(app + " readiness", cc, cc.getReadinessProbe(), gc.getReadinessProbe());
        assertSameProbe(app + " startup", cc, cc.getStartupProbe(), gc.getStartupProbe());
        // Env: every variable the generated manifest sets, the chart sets too.
        assertThat(Rendered.envNames(cc)).as(app + " env names").containsAll(Rendered.envNames(gc));
        // Image: the name quarkus-container-image gives it is the chart's default, but for the registry (the chart's is
        // localhost: the images the build script makes and K3s imports; Quarkus' is its own default).
        assertThat(withoutRegistry(cc.getImage())).as(app + " image").isEqualTo(withoutRegistry(gc.getImage()));
        // Placement and hardening from src/main/kubernetes/kubernetes.yml, which the chart applies too.
        assertThat(cd.getSpec().getTemplate().getSpec().getNodeSelector()).as(app)
                .containsAllEntriesOf(gd.getSpec().getTemplate().getSpec().getNodeSelector());
        String fragment = app + ": src/main/kubernetes/kubernetes.yml merged into the generated manifest "
                + "(a manifest built before it existed needs a new mvn package)";
        assertThat(cd.getSpec().getTemplate().getSpec().getEnableServiceLinks()).as(fragment)
                .isEqualTo(gd.getSpec().getTemplate().getSpec().getEnableServiceLinks());
        assertThat(gc.getSecurityContext()).as(fragment).isNotNull();
        assertThat(cc.getSecurityContext().getReadOnlyRootFilesystem()).as(fragment).isEqualTo(gc.getSecurityContext().getReadOnlyRootFilesystem());
        assertThat(cd.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser()).as(fragment)
                .isEqualTo(gd.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser());
        // Metrics: the same scrape annotations.
        assertThat(cd.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/path", gd.getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/path"))
                .containsEntry("prometheus.io/port", gd.getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/port"));
        // Service: same port, reaching the same container port.
        ServicePort gsp = generated.get(Service.class, app).getSpec().getPorts().get(0);
        ServicePort csp = chart.serviceObject(app).getSpec().getPorts().get(0);
        assertThat(csp.getPort()).as(app + " service port").isEqualTo(gsp.getPort());
        assertThat(resolve(cc, csp.getTargetPort())).as(app + " service targetPort").isEqualTo(resolve(gc, gsp.getTargetPort()));
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void everyOpenlvaVariableTheChartSetsIsADocumentedSetting(String app) {
        Path properties = Chart.PROJECT_ROOT.resolve(app).resolve("src/main/resources/application.properties");
        Set<String> documented = documentedEnvNames(Chart.read(properties));
        Set<String> chartEnv = new TreeSet<>();
        for (String valueSet : Chart.VALUE_SETS) {
            chartEnv.addAll(Rendered.envNames(Chart.render(valueSet).container(app)));
        }
        Set<String> own = new TreeSet<>(chartEnv.stream().filter(e -> e.startsWith(ENV_PREFIX.get(app))).toList());
        assertThat(documented).as(app + ": OPENLVA_* variables the chart sets but " + properties + " does not document "
                + "(a property, or a commented '# openlva.x.y=' line)").containsAll(own);
        assertThat(chartEnv).as(app).contains("OPENLVA_TOPIC_PREFIX", "KAFKA_BOOTSTRAP_SERVERS");
        assertThat(documented).as(app + " documents the shared topic prefix").contains("OPENLVA_TOPIC_PREFIX");
    }

    /** openlva.* keys in application.properties, set or commented out, as Quarkus env names. */
    static Set<String> documentedEnvNames(String properties) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^[#!\\s]*((?:%[\\w-]+\\.)?openlva\\.[A-Za-z0-9.\\-\"\\[\\]*]+)\\s*[=:]").matcher(properties);
        while (m.find()) {
            String key = m.group(1).replaceFirst("^%[\\w-]+\\.", "");
            names.add(key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase());
        }
        return names;
    }

    private static String withoutRegistry(String image) {
        return image.substring(image.indexOf('/') + 1);
    }

    private static Map<String, Integer> ports(Container c) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (ContainerPort p : c.getPorts()) {
            ports.put(p.getName(), p.getContainerPort());
        }
        return ports;
    }

    private static void assertSameProbe(String where, Container chartContainer, Probe chart, Probe generated) {
        assertThat(generated).as(where + " (generated)").isNotNull();
        assertThat(chart).as(where + " (chart)").isNotNull();
        assertThat(chart.getHttpGet().getPath()).as(where + " path").isEqualTo(generated.getHttpGet().getPath());
        assertThat(chart.getHttpGet().getScheme()).as(where + " scheme").isEqualTo(generated.getHttpGet().getScheme());
        assertThat(resolve(chartContainer, chart.getHttpGet().getPort())).as(where + " port")
                .isEqualTo(generated.getHttpGet().getPort().getIntVal());
    }

    /** A port given by name or number, as the container's number. */
    private static int resolve(Container c, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream().filter(p -> p.getName().equals(port.getStrVal())).findFirst()
                .orElseThrow(() -> new AssertionError("no port named " + port.getStrVal() + " in " + c.getName()))
                .getContainerPort();
    }
}
