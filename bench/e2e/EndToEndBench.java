import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.devkit.Cache;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.Topics;
import io.openlva.launcher.LocalPipeline;
import io.openlva.launcher.Service;

/**
 * Runs the local topology (RTSP -> motion -> YOLOv8n -> gate -> file sink) for a while and prints:
 * latency from the camera frame's capture (ingest's wall clock, lva-capture-time-ms of the packet with the
 * same media time) to the inference event's append to Kafka, p50/p99; the model's own time from
 * inference-service's metrics; CPU (% of one core) and peak RSS of each service.
 */
public class EndToEndBench {

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[0]);
        Path root = Path.of(System.getProperty("openlva.project.root")).toAbsolutePath();
        Path work = root.resolve("target/bench-e2e");
        Files.createDirectories(work);
        try (LocalPipeline p = LocalPipeline.start(new LocalPipeline.Settings(root, work, false, SampleClips.vtest(), null,
                Cache.defaultModel(), work.resolve("recordings"), null, null, "-Xms64m -Xmx1g -XX:+UseSerialGC",
                new PrintStream(Files.newOutputStream(work.resolve("events.txt")), true), msg -> System.out.println("bench: " + msg)))) {
            ObjectNode topology = (ObjectNode) Json.read(new String(EndToEndBench.class.getClassLoader()
                    .getResourceAsStream("io/openlva/launcher/local-topology.json").readAllBytes()));
            p.api().require("GraphTopologySet", topology);
            p.api().require("GraphInstanceSet", Json.read("""
                    {"@apiVersion":"2.0","name":"bench1","properties":{"topologyName":"%s","parameters":[
                      {"name":"rtspUrl","value":"%s"},{"name":"modelPath","value":"%s"},{"name":"recordingsDirectory","value":"%s"}]}}
                    """.formatted(topology.path("name").asText(), p.rtspUrl(), Cache.defaultModel(), work.resolve("recordings"))));
            p.api().require("GraphInstanceActivate", Json.read("{\"@apiVersion\":\"2.0\",\"name\":\"bench1\"}"));

            // warm-up: until the first inference event, then measure for `seconds`
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (p.events().summary().detections().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            Map<Service, long[]> cpuStart = new EnumMap<>(Service.class);
            Map<Service, Long> rssPeak = new EnumMap<>(Service.class);
            for (Service s : Service.values()) {
                cpuStart.put(s, new long[] {cpuTicks(p.pipeline().service(s).pid()), System.nanoTime()});
            }
            long measureStartMs = System.currentTimeMillis();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            while (System.nanoTime() < end) {
                for (Service s : Service.values()) {
                    rssPeak.merge(s, rssKiB(p.pipeline().service(s).pid()), Math::max);
                }
                Thread.sleep(1000);
            }
            Map<Service, Double> cpuPercent = new EnumMap<>(Service.class);
            long hz = 100; // USER_HZ on Linux
            for (Service s : Service.values()) {
                long[] start = cpuStart.get(s);
                double cpuSeconds = (cpuTicks(p.pipeline().service(s).pid()) - start[0]) / (double) hz;
                cpuPercent.put(s, 100.0 * cpuSeconds / ((System.nanoTime() - start[1]) / 1e9));
            }
            String metrics = get(p.pipeline().service(Service.INFERENCE).url("/q/metrics"));
            List<Long> latencies = latencies(p.pipeline().kafka().bootstrapServers(), measureStartMs);

            System.out.println();
            System.out.printf(Locale.ROOT, "end-to-end latency camera frame -> inference event in Kafka over %d s: n=%d p50=%d ms p99=%d ms%n",
                    seconds, latencies.size(), pct(latencies, 50), pct(latencies, 99));
            System.out.println("model time (inference-service metrics): " + modelTime(metrics));
            System.out.println("per service over the measured window (CPU % of one core, peak RSS):");
            for (Service s : Service.values()) {
                System.out.printf(Locale.ROOT, "  %-18s cpu %5.1f %%  rss %6.0f MiB%n", s.module(), cpuPercent.get(s), rssPeak.get(s) / 1024.0);
            }
            System.out.println("events: " + p.events().summary());
        }
    }

    /** capture time of each packet by media time, then each inference event's append time minus it. */
    static List<Long> latencies(String bootstrap, long sinceMs) {
        Map<Long, Long> captureByMediaTime = new HashMap<>();
        List<long[]> inferenceEvents = new ArrayList<>(); // [mediaTimeUs, appendMs]
        Topics topics = Topics.DEFAULT;
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            for (String topic : List.of(topics.packets(), topics.events())) {
                List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
                c.assign(parts);
                c.seekToBeginning(parts);
                Map<TopicPartition, Long> endOffsets = c.endOffsets(parts);
                long stop = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < stop && parts.stream().anyMatch(tp -> c.position(tp) < endOffsets.get(tp))) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                        if (topic.equals(topics.packets())) {
                            MediaPacket m = MediaPacket.fromRecord(r);
                            captureByMediaTime.put(m.mediaTimeUs(), m.captureTimeMs());
                        } else {
                            GraphEvent e = GraphEvent.fromRecord(r);
                            if (EventTypes.INFERENCE.equals(e.eventType()) && "objectDetection".equals(e.node())
                                    && e.mediaTimeUs() >= 0 && r.timestamp() >= sinceMs) {
                                inferenceEvents.add(new long[] {e.mediaTimeUs(), r.timestamp()});
                            }
                        }
                    }
                }
            }
        }
        List<Long> out = new ArrayList<>();
        for (long[] e : inferenceEvents) {
            Long capture = captureByMediaTime.get(e[0]);
            if (capture != null) {
                out.add(e[1] - capture);
            }
        }
        Collections.sort(out);
        return out;
    }

    static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** Mean of every *model*seconds* summary/histogram in the Prometheus text. */
    static String modelTime(String metrics) {
        Map<String, double[]> sums = new HashMap<>();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("#") || !line.contains("model")) {
                continue;
            }
            String name = line.substring(0, line.indexOf(line.contains("{") ? '{' : ' '));
            double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (name.endsWith("_seconds_sum")) {
                sums.computeIfAbsent(name.replace("_sum", ""), k -> new double[2])[0] += v;
            } else if (name.endsWith("_seconds_count")) {
                sums.computeIfAbsent(name.replace("_count", ""), k -> new double[2])[1] += v;
            }
        }
        StringBuilder sb = new StringBuilder();
        sums.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%s mean %.1f ms over %.0f runs; ", k, 1000 * v[0] / v[1], v[1])));
        return sb.length() == 0 ? "(no model-time metric found)" : sb.toString();
    }

    static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime (fields 14, 15)
    }

    static long rssKiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    static String get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
