package io.openlva.smoke;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.Yaml;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

/**
 * helm/openlva rendered with Helm (embedded through helm-java, as deploy-tests does) into plain maps, hooks included:
 * helm-java's template gives the release manifest without hooks, so a copy of the chart whose hook annotation is
 * renamed renders the topics Job and the helm test Pod as ordinary documents, marked with {@link #HOOK}.
 */
record RenderedChart(String manifest, List<Map<String, Object>> documents) {

    /** The renamed {@code helm.sh/hook} annotation: its value says which hook (post-install, test, ...). */
    static final String HOOK = "openlva.smoke/hook";
    private static final Pattern HOOK_LINE = Pattern.compile("(?m)^(\\s*)helm\\.sh/hook:");

    static RenderedChart render(String release, String namespace, Map<String, Object> values, Path work) {
        TemplateCommand cmd = new Helm(chartWithHooksAsDocuments(work)).template().withName(release)
                .withNamespace(namespace).withKubeVersion("1.31.0");
        for (Map.Entry<String, Object> v : values.entrySet()) {
            cmd = cmd.set(v.getKey(), v.getValue());
        }
        String manifest = cmd.call();
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(manifest)) {
            if (doc != null) {
                docs.add(Maps.cast(doc));
            }
        }
        try {
            Files.writeString(work.resolve("rendered.yaml"), manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RenderedChart(manifest, docs);
    }

    List<Map<String, Object>> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    /** A Secret's decoded value. */
    /**
     * The chart with Secrets the operator made before installing (named by the chart's {@code existingSecret}
     * values): Helm's {@code lookup} of generated ones needs a cluster, which a render for podman has not.
     */
    RenderedChart withSecret(String name, Map<String, String> data) {
        Map<String, Object> encoded = new java.util.LinkedHashMap<>();
        data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        Map<String, Object> secret = new java.util.LinkedHashMap<>();
        secret.put("apiVersion", "v1");
        secret.put("kind", "Secret");
        secret.put("metadata", Map.of("name", name));
        secret.put("type", "Opaque");
        secret.put("data", encoded);
        List<Map<String, Object>> docs = new ArrayList<>();
        docs.add(secret);
        docs.addAll(documents);
        return new RenderedChart(manifest, docs);
    }

    String secret(String name, String key) {
        Map<String, Object> secret = ofKind("Secret").stream().filter(s -> name.equals(Maps.path(s, "metadata", "name")))
                .findFirst().orElseThrow(() -> new AssertionError("no Secret " + name + " in the rendered chart"));
        return new String(Base64.getDecoder().decode((String) Maps.path(secret, "data", key)));
    }

    private static Path chartWithHooksAsDocuments(Path work) {
        // -Dopenlva.smoke.chart=DIR renders another copy of the chart (one being changed elsewhere).
        Path source = Path.of(System.getProperty("openlva.smoke.chart", Machine.PROJECT_ROOT.resolve("helm/openlva").toString()));
        Path copy = work.resolve("chart/openlva");
        try {
            if (Files.exists(copy)) {
                try (Stream<Path> old = Files.walk(copy)) {
                    old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            try (Stream<Path> files = Files.walk(source)) {
                for (Path from : files.toList()) {
                    Path to = copy.resolve(source.relativize(from).toString());
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                    } else if (from.startsWith(source.resolve("templates"))) {
                        Files.writeString(to, HOOK_LINE.matcher(Files.readString(from)).replaceAll("$1" + HOOK + ":"));
                    } else {
                        Files.copy(from, to);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }
}
