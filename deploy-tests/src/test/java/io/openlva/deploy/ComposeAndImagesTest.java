package io.openlva.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** docker-compose.yml and the Dockerfiles name the same services, images, ports and env as the chart. */
class ComposeAndImagesTest {

    static final List<String> SERVICES = List.copyOf(Chart.SERVICES.keySet());
    private static final Path COMPOSE = Chart.PROJECT_ROOT.resolve("docker-compose.yml");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?]([^}]*))?}");

    @Test
    void composeRunsKafkaTheFiveServicesAndTheCamera() {
        Map<String, Object> services = map(compose().get("services"));
        assertThat(services).containsKeys("kafka", "kafka-topics", "camera").containsKeys(SERVICES.toArray(String[]::new));
        // compose's broker is the chart's with logins and ACLs but without TLS (nothing to trust it with)
        Rendered chart = Chart.parse(Chart.template("default", Map.of("kafka.bundled.tls.enabled", false)));
        Map<String, Object> kafka = map(services.get("kafka"));
        Container broker = chart.get(io.fabric8.kubernetes.api.model.apps.StatefulSet.class, Chart.FULLNAME + "-kafka")
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(interpolate((String) kafka.get("image"))).isEqualTo(broker.getImage());
        // The broker started by the chart's own script, with the same settings but the listeners.
        assertRunsChartScript(kafka, "kafka-broker.sh");
        Map<String, Object> kenv = map(kafka.get("environment"));
        Map<String, String> chartEnv = new java.util.TreeMap<>();
        Rendered.env(broker).forEach((k, v) -> chartEnv.put(k, v.getValue()));
        assertThat(kenv.keySet()).containsExactlyInAnyOrderElementsOf(chartEnv.keySet());
        chartEnv.forEach((k, v) -> {
            if (!k.contains("LISTENER") && v != null) {
                assertThat(String.valueOf(kenv.get(k))).as(k).isEqualTo(v);
            }
        });
        assertThat(interpolate((String) kenv.get("KAFKA_CFG_ADVERTISED_LISTENERS"))).isEqualTo(
                "SASL://kafka:9092,EXTERNAL://localhost:29092");
        assertThat(map(compose().get("volumes"))).containsKeys("kafka-data", "recordings", "models");

        // The camera: devkit's script, listening beyond loopback, on the chart's mount name.
        Map<String, Object> camera = map(services.get("camera"));
        Map<String, Object> build = map(camera.get("build"));
        Path context = Chart.PROJECT_ROOT.resolve((String) build.get("context"));
        assertThat(context.resolve("rtsp_camera.py")).isRegularFile();
        String dockerfile = (String) build.get("dockerfile_inline");
        assertThat(dockerfile).contains("COPY rtsp_camera.py", "gir1.2-gst-rtsp-server-1.0", "USER 65532", "-bf 0");
        String cmd = dockerfile.lines().filter(l -> l.trim().startsWith("CMD")).findFirst().orElseThrow();
        String mount = (String) map(Chart.yaml().<Map<String, Object>>load(Chart.read(Chart.CHART_DIR.resolve("values.yaml")))
                .get("camera")).get("mount");
        assertThat(cmd).contains("\"--address\", \"0.0.0.0\"", "\"--mount\", \"" + mount + "=/clips/vtest.mp4\"");
        // The chart runs the same image the same way.
        Deployment chartCamera = chart.get(Deployment.class, Chart.FULLNAME + "-camera");
        Container cc = chartCamera.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(cc.getArgs()).containsSubsequence("--address", "0.0.0.0").contains(mount + "=/clips/vtest.mp4");
        assertThat(interpolate((String) camera.get("image"))).isEqualTo(cc.getImage());
    }

    @Test
    void everyPublishedPortListensOnLoopbackUnlessToldOtherwise() {
        Map<String, Object> services = map(compose().get("services"));
        List<String> published = new ArrayList<>();
        services.forEach((name, svc) -> {
            Object ports = map(svc).get("ports");
            if (ports != null) {
                for (String p : list(ports)) {
                    assertThat(p).as(name).startsWith("${OPENLVA_BIND_ADDRESS:-127.0.0.1}:");
                    published.add(interpolate(p));
                }
            }
        });
        assertThat(published).containsExactlyInAnyOrder("127.0.0.1:29092:29092", "127.0.0.1:8081:8081", "127.0.0.1:8082:8082",
                "127.0.0.1:8083:8083", "127.0.0.1:5001:5001", "127.0.0.1:8084:8084", "127.0.0.1:8080:8080",
                "127.0.0.1:8554:8554");
        // The switch for the LAN is documented where a user reads it.
        assertThat(Chart.read(COMPOSE)).contains("OPENLVA_BIND_ADDRESS=0.0.0.0", "OPENLVA_KAFKA_ADVERTISED_HOST");
        assertThat(Chart.read(Chart.PROJECT_ROOT.resolve("docs/deploy.md"))).contains("OPENLVA_BIND_ADDRESS=0.0.0.0",
                "OPENLVA_KAFKA_ADVERTISED_HOST");
    }

    @Test
    void composeFetchesTheChartsDefaultModel() {
        Map<String, Object> fetch = map(map(compose().get("services")).get("model-fetch"));
        assertRunsChartScript(fetch, "fetch-model.sh");
        Container init = Chart.render("default").service("inference-service").getSpec().getTemplate().getSpec()
                .getInitContainers().get(0);
        Map<String, Object> env = map(fetch.get("environment"));
        for (String name : List.of("MODEL_URL", "MODEL_ARCHIVE_PATH", "MODEL_SHA256", "MODEL_FILE")) {
            assertThat(interpolate(String.valueOf(env.get(name)))).as(name).isEqualTo(Rendered.env(init).get(name).getValue());
        }
        assertThat(interpolate((String) fetch.get("image"))).isEqualTo(init.getImage());
        assertThat(list(fetch.get("volumes"))).contains("models:/models");
        Map<String, Object> inference = map(map(compose().get("services")).get("inference-service"));
        assertThat(map(map(inference.get("depends_on")).get("model-fetch"))).containsEntry("condition", "service_completed_successfully");
    }

    /** The service's entrypoint runs helm/openlva/files/<script>, mounted read-only from the chart. */
    private static void assertRunsChartScript(Map<String, Object> svc, String script) {
        List<String> entrypoint = list(svc.get("entrypoint"));
        assertThat(entrypoint).hasSize(2).first().isEqualTo("/bin/bash");
        String inContainer = entrypoint.get(1);
        assertThat(list(svc.get("volumes"))).contains("./helm/openlva/files/" + script + ":" + inContainer + ":ro");
        assertThat(Chart.CHART_DIR.resolve("files/" + script)).isRegularFile();
    }

    @Test
    void composeCreatesTheTopicsLikeTheChart() {
        Map<String, Object> topics = map(map(compose().get("services")).get("kafka-topics"));
        assertRunsChartScript(topics, "ensure-topics.sh");
        Container job = Chart.render("default").get(io.fabric8.kubernetes.api.model.batch.v1.Job.class, Chart.FULLNAME + "-topics")
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, Object> env = map(topics.get("environment"));
        for (String name : List.of("TOPICS", "REPLICATION_FACTOR", "WAIT_SECONDS", "COMMAND_TIMEOUT_SECONDS")) {
            assertThat(String.valueOf(env.get(name))).as(name).isEqualTo(Rendered.env(job).get(name).getValue());
        }
        assertThat(interpolate((String) topics.get("image"))).isEqualTo(job.getImage());
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void composeServiceMatchesTheChart(String app) {
        Map<String, Object> svc = map(map(compose().get("services")).get(app));
        Rendered chart = Chart.render("default");
        Container cc = chart.container(app);
        int port = Chart.SERVICES.get(app);

        assertThat(interpolate((String) svc.get("image"))).as(app).isEqualTo(cc.getImage());
        assertThat(list(svc.get("ports")).stream().map(ComposeAndImagesTest::interpolate)).as(app).contains("127.0.0.1:" + port + ":" + port);
        Map<String, Object> build = map(svc.get("build"));
        assertThat(build).containsEntry("context", "./" + app).containsEntry("dockerfile", "src/main/docker/Dockerfile.jvm");

        Set<String> composeEnv = new TreeSet<>(map(svc.get("environment")).keySet());
        Set<String> chartEnv = new TreeSet<>();
        for (String valueSet : Chart.VALUE_SETS) {
            chartEnv.addAll(Rendered.envNames(Chart.render(valueSet).container(app)));
        }
        assertThat(composeEnv).as(app + ": compose env the chart never sets").isSubsetOf(chartEnv);
        assertThat(composeEnv).as(app).contains("KAFKA_BOOTSTRAP_SERVERS", "OPENLVA_TOPIC_PREFIX", "JAVA_OPTS_APPEND");
        // The same JVM options base as the chart (JavaCPP cache on the writable /tmp).
        String chartOpts = Rendered.env(cc).get("JAVA_OPTS_APPEND").getValue();
        String composeOpts = (String) map(svc.get("environment")).get("JAVA_OPTS_APPEND");
        assertThat(composeOpts).startsWith(chartOpts.substring(0, chartOpts.indexOf("-XX:")).trim());

        // Hardening: non-root, read-only root, writable /tmp, no capabilities.
        assertThat(svc.get("user")).as(app).isEqualTo("185");
        assertThat(svc.get("read_only")).as(app).isEqualTo(true);
        assertThat(list(svc.get("tmpfs"))).as(app).anySatisfy(t -> assertThat(t).startsWith("/tmp"));
        assertThat(list(svc.get("cap_drop"))).as(app).contains("ALL");
        assertThat(svc.get("platform")).isEqualTo("linux/amd64");

        // Volumes where the service is told to look.
        if (app.equals("recorder-service")) {
            String assets = (String) map(svc.get("environment")).get("OPENLVA_RECORDER_ASSET_BASE_DIRECTORY");
            assertThat(list(svc.get("volumes"))).anySatisfy(v -> {
                assertThat(v).startsWith("recordings:");
                assertThat(assets).startsWith(v.substring("recordings:".length()) + "/");
            });
            assertThat(Rendered.env(cc).get("OPENLVA_RECORDER_ASSET_BASE_DIRECTORY").getValue()).isEqualTo(assets);
            assertThat(Chart.read(Chart.PROJECT_ROOT.resolve(app).resolve("src/main/docker/Dockerfile.jvm")))
                    .as("the image owns the volume's mount point").contains("mkdir -p " + assets);
        }
        if (app.equals("inference-service")) {
            String model = interpolate((String) map(svc.get("environment")).get("OPENLVA_INFERENCE_DEFAULT_MODEL_PATH"));
            assertThat(list(svc.get("volumes"))).anySatisfy(v -> assertThat(model).startsWith(v.split(":")[1] + "/"));
        }
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void dockerfileBuildsANonRootAmd64JvmImage(String app) {
        String dockerfile = Chart.read(Chart.PROJECT_ROOT.resolve(app).resolve("src/main/docker/Dockerfile.jvm"));
        assertThat(dockerfile).contains("COPY --chown=185 target/quarkus-app/lib/ /deployments/lib/",
                "COPY --chown=185 target/quarkus-app/*.jar /deployments/",
                "EXPOSE " + Chart.SERVICES.get(app), "-Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp",
                "--platform linux/amd64");
        List<String> users = new ArrayList<>();
        dockerfile.lines().filter(l -> l.startsWith("USER ")).forEach(l -> users.add(l.substring(5).trim()));
        assertThat(users).as(app + ": the last USER runs the service").isNotEmpty().last().isEqualTo("185");
        // The project's JRE image (images/jre, scripts/build-images.sh), pinned to a version by default.
        assertThat(dockerfile).contains("FROM ${JRE_IMAGE}");
        assertThat(dockerfile.lines().filter(l -> l.startsWith("ARG JRE_IMAGE=")).findFirst().orElseThrow())
                .as("a pinned base image").matches("ARG JRE_IMAGE=[^ ]+:[0-9][^ ]*");
    }

    /** Compose's ${VAR:-default} with the defaults (no variable set). */
    static String interpolate(String value) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Map<String, Object> compose() {
        return Chart.yaml().load(Chart.read(COMPOSE));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return ((List<Object>) o).stream().map(String::valueOf).toList();
    }
}
