package io.openlva.hub.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.Json;
import io.openlva.graph.model.Secrets;

/**
 * The Health page's data: each service's readiness ({@code /q/health/ready}: the check named after the service and
 * its reason) and its per-node metrics ({@code /q/metrics}: every {@code openlva_*} series, by its instance and node
 * or source labels; series without them in a row "*" of the service). A service seen for the first time is sampled
 * twice a second apart, so rates show at once. Counters are shown per second and timers as the mean over the time since the previous probe, so
 * frames/s, dropped frames/s and inference latency read as such.
 */
public class ServicesProbe {

    private static final Pattern SAMPLE = Pattern.compile("^(openlva_[a-z0-9_]+)(?:\\{([^}]*)\\})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_]+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> urls;
    /** Previous samples per service URL, for rates. */
    private final Map<String, Map<String, Double>> previous = new HashMap<>();
    private final Map<String, Long> previousAt = new HashMap<>();

    public ServicesProbe(List<String> urls) {
        this.urls = List.copyOf(urls);
    }

    public synchronized ObjectNode probe(String self) {
        ObjectNode out = Json.mapper().createObjectNode();
        ArrayNode services = out.putArray("services");
        ArrayNode nodes = out.putArray("nodes");
        List<String> all = new java.util.ArrayList<>();
        if (self != null) {
            all.add(self);
        }
        all.addAll(urls);
        for (String url : all) {
            String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            ObjectNode s = services.addObject();
            s.put("url", base);
            try {
                HttpResponse<String> ready = get(base + "/q/health/ready");
                JsonNode health = Json.read(ready.body());
                JsonNode check = serviceCheck(health.path("checks"));
                s.put("name", check.path("name").asText(base));
                s.put("status", health.path("status").asText("DOWN"));
                s.put("reason", Secrets.maskUrlsIn(check.path("data").path("reason").asText("")));
                if (!previous.containsKey(base)) {
                    metrics(s.path("name").asText(), base, get(base + "/q/metrics").body(), null);
                    Thread.sleep(1000);
                }
                metrics(s.path("name").asText(), base, get(base + "/q/metrics").body(), nodes);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                s.put("name", base);
                s.put("status", "UNREACHABLE");
                s.put("reason", e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
        }
        return out;
    }

    /** The service's own check (named after it, with a reason), not e.g. the Kafka extension's. */
    private static JsonNode serviceCheck(JsonNode checks) {
        for (JsonNode c : checks) {
            if (c.path("data").has("reason")) {
                return c;
            }
        }
        for (JsonNode c : checks) {
            if (c.path("name").asText().endsWith("-service")) {
                return c;
            }
        }
        return checks.path(0);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void metrics(String service, String base, String text, ArrayNode nodes) {
        Map<String, Double> now = new HashMap<>();
        Map<String, Map<String, Double>> byNode = new TreeMap<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.find()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            String labelText = m.group(2) == null ? "" : m.group(2);
            Matcher l = LABEL.matcher(labelText);
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            double value;
            try {
                value = Double.parseDouble(m.group(3));
            } catch (NumberFormatException e) {
                continue;
            }
            String series = m.group(1) + "{" + labelText + "}";
            now.merge(series, value, Double::sum);
            // the sampler names a stream by its source node; series of the whole service go in a row of their own
            String nodeKey = labels.getOrDefault("instance", "") + "/"
                    + labels.getOrDefault("node", labels.getOrDefault("source", "*"));
            String extra = labels.entrySet().stream()
                    .filter(e -> !List.of("instance", "node", "source", "application").contains(e.getKey()))
                    .map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + "," + b).map(x -> "{" + x + "}")
                    .orElse("");
            byNode.computeIfAbsent(nodeKey, k -> new TreeMap<>()).merge(m.group(1) + extra + "\u0000" + series, value,
                    Double::sum);
        }
        Map<String, Double> before = previous.getOrDefault(base, Map.of());
        long nowMs = System.currentTimeMillis();
        double seconds = previousAt.containsKey(base) ? (nowMs - previousAt.get(base)) / 1000.0 : 0;
        for (Map.Entry<String, Map<String, Double>> n : nodes == null ? Map.<String, Map<String, Double>>of().entrySet()
                : byNode.entrySet()) {
            ObjectNode row = nodes.addObject();
            row.put("service", service);
            row.put("instance", n.getKey().substring(0, n.getKey().indexOf('/')));
            row.put("node", n.getKey().substring(n.getKey().indexOf('/') + 1));
            ObjectNode values = row.putObject("metrics");
            for (Map.Entry<String, Double> e : n.getValue().entrySet()) {
                String[] parts = e.getKey().split("\u0000");
                String name = parts[0];
                Double old = before.get(parts[1]);
                if (name.contains("_total")) {
                    values.put(name.replace("_total", "/s"), old == null || seconds <= 0 ? null
                            : round((e.getValue() - old) / seconds));
                } else if (name.contains("_seconds_sum")) {
                    String countSeries = parts[1].replace("_seconds_sum{", "_seconds_count{");
                    Double count = now.get(countSeries);
                    Double oldCount = before.get(countSeries);
                    if (count != null && oldCount != null && old != null && count > oldCount) {
                        values.put(name.replace("_seconds_sum", " mean ms"),
                                round((e.getValue() - old) / (count - oldCount) * 1000));
                    }
                } else if (!name.contains("_seconds_count") && !name.contains("_seconds_max")
                        && !name.contains("_bucket")) {
                    values.put(name, round(e.getValue()));
                }
            }
        }
        previous.put(base, now);
        previousAt.put(base, nowMs);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
