package io.openlva.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The chart under test, rendered with Helm (embedded through helm-java) and parsed into fabric8 model objects. */
final class Chart {

    static final Path PROJECT_ROOT = projectRoot();
    static final Path CHART_DIR = PROJECT_ROOT.resolve("helm/openlva");
    static final String RELEASE = "lva";
    static final String NAMESPACE = "video";
    /** Resource name prefix for release "lva" (it does not contain "openlva"). */
    static final String FULLNAME = "lva-openlva";

    /**
     * The value sets the tests render; "default" is the chart's values.yaml alone, "edge" the chart's values-edge.yaml,
     * the others are in src/test/resources/values.
     */
    static final List<String> VALUE_SETS = List.of("default", "edge", "external-kafka", "keda", "no-camera", "iothub",
            "external-listener");

    /** The chart's appVersion: the default tag of every image. */
    static final String APP_VERSION = "0.1.0-SNAPSHOT";

    /** Application name (quarkus.application.name) -> HTTP port (quarkus.http.port). */
    static final Map<String, Integer> SERVICES = orderedMap(
            "ingest-service", 8081, "sampler-service", 8082, "inference-service", 8083,
            "recorder-service", 8084, "hub-bridge", 8080);

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    private Chart() {
    }

    /** Surefire sets openlva.project.root to Maven's project directory: the repository, or this module when run from here. */
    private static Path projectRoot() {
        Path root = Path.of(System.getProperty("openlva.project.root", "..")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("helm/openlva")) && Files.isDirectory(root.resolve("../helm/openlva"))) {
            root = root.getParent();
        }
        return root;
    }

    static Rendered render(String valueSet) {
        return CACHE.computeIfAbsent(valueSet, name -> {
            String manifest = template(name, Map.of());
            try {
                // Kept for reading: target/rendered/<value set>.yaml.
                Path out = PROJECT_ROOT.resolve("deploy-tests/target/rendered/" + name + ".yaml");
                Files.createDirectories(out.getParent());
                Files.writeString(out, manifest);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return parse(manifest);
        });
    }

    /** The default values with the bundled broker open (PLAINTEXT, no ACLs): tests of what does not depend on auth. */
    static Rendered open() {
        return CACHE.computeIfAbsent("default, auth off", name -> parse(template("default",
                Map.of("kafka.bundled.auth.enabled", false))));
    }

    /** Renders a value set plus --set overrides; throws IllegalStateException with Helm's message on failure. */
    static String template(String valueSet, Map<String, Object> sets) {
        return template(valueSet, sets, NAMESPACE);
    }

    static String template(String valueSet, Map<String, Object> sets, String namespace) {
        KubernetesApiStandIn.get();
        TemplateCommand cmd = new Helm(hooksAsResources()).template()
                .withName(RELEASE)
                .withNamespace(namespace)
                .withKubeVersion("1.31.0");
        if (!"default".equals(valueSet)) {
            cmd = cmd.withValuesFile(valuesFile(valueSet));
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            cmd = cmd.set(set.getKey(), set.getValue());
        }
        return cmd.call();
    }

    /** The hook annotation keys, renamed in the rendered copy: {@code helm.sh/hook} becomes this. */
    static final String HOOK_ANNOTATION = "openlva.test/helm.sh-hook";
    private static final Pattern HOOK_LINE = Pattern.compile("(?m)^(\\s*)helm\\.sh/hook(-weight|-delete-policy)?:");
    private static Path hooksAsResources;

    /**
     * A copy of the chart whose hook annotations are renamed. helm-java's template returns the release manifest
     * only, without hooks (the topics Job, the helm test Pod); renamed, they render as ordinary documents and the
     * tests see them, annotation values included. Nothing else differs from the chart.
     */
    static synchronized Path hooksAsResources() {
        if (hooksAsResources != null) {
            return hooksAsResources;
        }
        Path copy = PROJECT_ROOT.resolve("deploy-tests/target/chart-hooks-as-resources/openlva");
        try {
            if (Files.exists(copy)) {
                try (var old = Files.walk(copy)) {
                    old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            try (var files = Files.walk(CHART_DIR)) {
                for (Path source : files.toList()) {
                    Path target = copy.resolve(CHART_DIR.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else if (source.getParent().startsWith(CHART_DIR.resolve("templates"))) {
                        String text = Files.readString(source);
                        Files.writeString(target, HOOK_LINE.matcher(text).replaceAll("$1" + HOOK_ANNOTATION + "$2:"));
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        hooksAsResources = copy;
        return copy;
    }

    static Path valuesFile(String valueSet) {
        Path file = "edge".equals(valueSet) ? CHART_DIR.resolve("values-edge.yaml")
                : PROJECT_ROOT.resolve("deploy-tests/src/test/resources/values/" + valueSet + ".yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no value set " + file);
        }
        return file;
    }

    /** Splits Helm's output into documents and parses each into its fabric8 type (kind + apiVersion). */
    static Rendered parse(String manifest) {
        List<Doc> docs = new ArrayList<>();
        for (Object raw : yaml().loadAll(manifest)) {
            if (raw == null) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) raw;
            String json = SERIALIZATION.asJson(map);
            KubernetesResource typed = SERIALIZATION.unmarshal(json, KubernetesResource.class);
            docs.add(new Doc(map, (HasMetadata) typed));
        }
        return new Rendered(manifest, docs);
    }

    static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(options);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static <K, V> Map<K, V> orderedMap(Object... kv) {
        Map<K, V> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put((K) kv[i], (V) kv[i + 1]);
        }
        return map;
    }

    /** One rendered document: the raw YAML tree and its typed model object. */
    record Doc(Map<String, Object> raw, HasMetadata resource) {
        String kind() {
            return resource.getKind();
        }

        String name() {
            return resource.getMetadata().getName();
        }
    }
}
