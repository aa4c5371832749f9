import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.devkit.Cache;
import io.openlva.devkit.camera.SimulatedCamera;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.Topics;
import io.openlva.launcher.LocalPipeline;
import io.openlva.launcher.Service;

/**
 * Load benchmark (run by run.sh): how many concurrent 576p10 cameras the local run sustains on this machine with
 * the default graph (the local run's topology: RTSP -> motion -> YOLOv8n at up to 2 samples/s -> signal gate ->
 * file sink, IoT Hub sink) before frames are dropped.
 *
 * <p>Starts the pipeline once (Kafka, the five services of the given tree, one simulated camera with a mount per
 * possible camera, each serving vtest 768x576 10 fps), then adds one graph instance per step on its own mount.
 * After a new camera's first sampled frame and a settle time, it holds the step and compares the services'
 * Prometheus metrics and the consumer groups' lag at both ends of the hold. A step is sustained when no frame was
 * dropped (inference, sampler, ingest), every camera's frames reached the sampler, and the inference group's lag
 * stays within what the cameras send in the latency budget (frames older than that are dropped as too old anyway).
 */
public class LoadBench {

    record Options(Path servicesRoot, Path model, int holdSeconds, int settleSeconds, int fromCameras, int maxCameras,
            int capSeconds, double maxLagSeconds, boolean keepGoing) {

        static final String USAGE = """
                bench/load/run.sh [--tree DIR] [--hold SECONDS=45] [--settle SECONDS=10] [--from N=1] [--max-cameras N=12]
                                  [--cap SECONDS=600] [--max-lag-seconds S=2] [--keep-going]
                  --keep-going also run the steps after the first one not sustained (the answer stays the last N before it)
                  --tree DIR   run the services built in another checkout (./mvnw -B -q -DskipTests package there);
                               also OPENLVA_BENCH_TREE. Default: this checkout.""";

        static Options parse(String[] args, Path root) {
            String tree = System.getenv("OPENLVA_BENCH_TREE");
            Path model = Cache.defaultModel();
            int hold = 45;
            int settle = 10;
            int from = 1;
            int max = 12;
            int cap = 600;
            double lag = 2;
            boolean keepGoing = false;
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--keep-going")) {
                    keepGoing = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String v = args[++i];
                switch (args[i - 1]) {
                    case "--tree" -> tree = v;
                    case "--model" -> model = Path.of(v);
                    case "--hold" -> hold = Integer.parseInt(v);
                    case "--settle" -> settle = Integer.parseInt(v);
                    case "--from" -> from = Integer.parseInt(v);
                    case "--max-cameras" -> max = Integer.parseInt(v);
                    case "--cap" -> cap = Integer.parseInt(v);
                    case "--max-lag-seconds" -> lag = Double.parseDouble(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i - 1]);
                }
            }
            if (hold < 5 || settle < 0 || from < 1 || max < from || cap < 60 || lag <= 0) {
                throw new IllegalArgumentException("need --hold >= 5, --settle >= 0, 1 <= --from <= --max-cameras, --cap >= 60");
            }
            Path servicesRoot = tree == null || tree.isBlank() ? root : Path.of(tree).toAbsolutePath().normalize();
            return new Options(servicesRoot, model, hold, settle, from, max, cap, lag, keepGoing);
        }
    }

    /** Counters and gauges of one moment: the services' metrics, topic end offsets, group lag, CPU ticks. */
    record Snapshot(long nanos, Map<Service, Metrics> metrics, long frameOffsets, long eventOffsets,
            Map<String, Long> lagByGroup, Map<String, Long> cpuTicks) {
    }

    /** One scrape of a Prometheus text page: series (name + labels) to value. */
    record Metrics(Map<String, Double> series) {

        static Metrics parse(String text) {
            Map<String, Double> m = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int split = line.lastIndexOf(' ');
                try {
                    m.put(line.substring(0, split), Double.parseDouble(line.substring(split + 1)));
                } catch (RuntimeException notASample) {
                    // a line Prometheus' text format allows but we do not need (e.g. a timestamp column)
                }
            }
            return new Metrics(m);
        }

        /** Sum of every series of this metric whose labels pass the filter. */
        double sum(String name, Predicate<String> labels) {
            double total = 0;
            for (Map.Entry<String, Double> e : series.entrySet()) {
                String key = e.getKey();
                int brace = key.indexOf('{');
                String n = brace < 0 ? key : key.substring(0, brace);
                if (n.equals(name) && labels.test(brace < 0 ? "" : key.substring(brace))) {
                    total += e.getValue();
                }
            }
            return total;
        }

        double sum(String name) {
            return sum(name, l -> true);
        }

        boolean has(String name) {
            return series.keySet().stream().anyMatch(k -> k.equals(name) || k.startsWith(name + "{"));
        }
    }

    record Step(boolean sustained, String line) {
    }

    static final String INSTANCE_PREFIX = "load";

    final Options options;
    final Path work;
    final Topics topics = Topics.DEFAULT;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final long startNanos = System.nanoTime();
    final Set<String> notExported = new java.util.TreeSet<>();
    SimulatedCamera camera;
    LocalPipeline pipeline;
    Admin admin;

    LoadBench(Options options, Path work) {
        this.options = options;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("openlva.project.root")).toAbsolutePath();
        Options options;
        try {
            options = Options.parse(args, root);
        } catch (IllegalArgumentException e) {
            System.err.println("load bench: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        LoadBench bench = new LoadBench(options, root.resolve("target/bench-load"));
        AtomicBoolean stopped = new AtomicBoolean();
        Thread stopper = new Thread(() -> {
            System.out.println("load bench: interrupted, stopping what it started");
            bench.stop(stopped);
        }, "load-bench-stop");
        Runtime.getRuntime().addShutdownHook(stopper); // Ctrl-C: services, camera and Kafka stop in order
        int rc;
        try {
            rc = bench.run();
        } catch (Exception e) {
            if (!stopped.get()) {
                throw e;
            }
            rc = 130; // interrupted: what failed is the run being torn down under it
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is stopping everything already
            }
            bench.stop(stopped);
        }
        System.exit(rc);
    }

    int run() throws Exception {
        for (Service s : Service.values()) {
            if (!Files.isRegularFile(s.runnerJar(options.servicesRoot()))) {
                System.err.println("load bench: " + s.runnerJar(options.servicesRoot()) + " is missing; build that tree first: cd "
                        + options.servicesRoot() + " && ./mvnw -B -q -DskipTests package");
                return 2;
            }
        }
        deleteTree(work); // graph state of an earlier run would re-activate its instances
        Files.createDirectories(work.resolve("logs"));
        say("services from " + options.servicesRoot() + ", work directory " + work);
        say(String.format(Locale.ROOT, "plan: %d..%d cameras, each step %d s settle + %d s hold, cap %d s",
                options.fromCameras(), options.maxCameras(), options.settleSeconds(), options.holdSeconds(), options.capSeconds()));

        Map<String, Path> mounts = new LinkedHashMap<>();
        Path clip = SampleClips.vtest(); // 768x576, 10 fps, 2 s GOP: the 576p10 camera
        for (int i = 1; i <= options.maxCameras(); i++) {
            mounts.put("cam" + i, clip);
        }
        // one camera process, a mount per camera; every client gets its own media, so idle mounts cost nothing
        camera = SimulatedCamera.start(0, mounts, work.resolve("logs"));
        pipeline = LocalPipeline.start(new LocalPipeline.Settings(options.servicesRoot(), work, false, clip,
                camera.url("cam1"), options.model(), work.resolve("recordings"), null, null, "-Xms64m -Xmx1g -XX:+UseSerialGC",
                new PrintStream(Files.newOutputStream(work.resolve("events.txt")), true), this::say));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.pipeline().kafka().bootstrapServers()));

        ObjectNode topology = (ObjectNode) Json.read(new String(LocalPipeline.class.getResourceAsStream("local-topology.json")
                .readAllBytes()));
        pipeline.api().require("GraphTopologySet", topology);
        say("pipeline up after " + elapsedSeconds() + " s; topology " + topology.path("name").asText()
                + " (the local run's default graph)");

        int active = 0;
        int sustained = 0;
        String failure = null; // the first step not sustained
        String stopReason = "--max-cameras " + options.maxCameras() + " reached";
        System.out.println();
        for (int n = options.fromCameras(); n <= options.maxCameras(); n++) {
            if (elapsedSeconds() + options.settleSeconds() + options.holdSeconds() + 30 > options.capSeconds()) {
                stopReason = "time cap of " + options.capSeconds() + " s reached";
                break;
            }
            for (; active < n; active++) {
                activate(topology.path("name").asText(), active + 1);
            }
            long wait = Math.max(10, Math.min(120, options.capSeconds() - elapsedSeconds() - options.settleSeconds() - options.holdSeconds()));
            String missing = awaitFrames(n, Duration.ofSeconds(wait));
            if (missing != null) {
                System.out.printf(Locale.ROOT, "N=%-2d no frames from %s within %d s -> NOT sustained%n", n, missing, wait);
                failure = failure != null ? failure : "camera " + missing + " sent no frames at " + n + " cameras";
                break;
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(options.settleSeconds()));
            Step step = measure(n);
            System.out.println(step.line());
            if (step.sustained() && failure == null) {
                sustained = n;
            } else if (!step.sustained() && failure == null) {
                failure = "frames dropped, a camera silent or lag over the bound at " + n + " cameras";
                if (!options.keepGoing()) {
                    break;
                }
            }
        }
        System.out.println();
        System.out.println("logs: " + pipeline.pipeline().logDir());
        String note = failure != null ? " (" + failure + ")"
                : sustained == 0 ? " (" + stopReason + " before a step was measured)"
                : " (at least: " + stopReason + " with no frame dropped)";
        System.out.println("sustained cameras: " + sustained + note);
        return 0;
    }

    void activate(String topologyName, int index) {
        String name = INSTANCE_PREFIX + index;
        pipeline.api().require("GraphInstanceSet", Json.read("""
                {"@apiVersion":"2.0","name":"%s","properties":{"topologyName":"%s","parameters":[
                  {"name":"rtspUrl","value":"%s"},{"name":"modelPath","value":"%s"},{"name":"recordingsDirectory","value":"%s"}]}}
                """.formatted(name, topologyName, camera.url("cam" + index), options.model(), work.resolve("recordings"))));
        pipeline.api().require("GraphInstanceActivate", Json.read("{\"@apiVersion\":\"2.0\",\"name\":\"" + name + "\"}"));
    }

    /** Waits until the sampler has published a frame of each of the first n cameras; the first that has not, or null. */
    String awaitFrames(int n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String missing = null;
        while (System.nanoTime() < deadline) {
            Metrics sampler = scrape(Service.SAMPLER);
            missing = null;
            for (int i = 1; i <= n && missing == null; i++) {
                if (sampled(sampler, INSTANCE_PREFIX + i) <= 0) {
                    missing = INSTANCE_PREFIX + i;
                }
            }
            if (missing == null) {
                return null;
            }
            Thread.sleep(1000);
        }
        return missing;
    }

    Step measure(int n) throws Exception {
        notExported.clear();
        Snapshot start = snapshot();
        long maxLag = 0;
        long end = start.nanos() + TimeUnit.SECONDS.toNanos(options.holdSeconds());
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(3000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
            maxLag = Math.max(maxLag, inferenceLag(lag()));
        }
        Snapshot stop = snapshot();
        double seconds = (stop.nanos() - start.nanos()) / 1e9;

        double inferenceDropped = delta(start, stop, Service.INFERENCE, "openlva_inference_frames_dropped_total", false);
        double samplerDropped = delta(start, stop, Service.SAMPLER, "openlva_sampler_frames_dropped_total", true);
        double ingestDropped = delta(start, stop, Service.INGEST, "openlva_ingest_dropped_packets_total", true);
        double late = delta(start, stop, Service.RECORDER, "openlva_recorder_gate_events_late_total", true);
        double inferred = delta(start, stop, Service.INFERENCE, "openlva_inference_frames_processed_total", true);
        double framesPerSecond = (stop.frameOffsets() - start.frameOffsets()) / seconds;
        double eventsPerSecond = (stop.eventOffsets() - start.eventOffsets()) / seconds;
        List<String> silent = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String instance = INSTANCE_PREFIX + i;
            if (sampled(stop.metrics().get(Service.SAMPLER), instance) - sampled(start.metrics().get(Service.SAMPLER), instance) <= 0) {
                silent.add(instance);
            }
        }
        long lagEnd = inferenceLag(stop.lagByGroup());
        maxLag = Math.max(maxLag, lagEnd);
        // frames waiting longer than the latency budget are dropped as too old; +1 s for the consumer's commit interval
        long lagBound = Math.round(framesPerSecond * (options.maxLagSeconds() + 1)) + 4;
        double dropped = inferenceDropped + samplerDropped + ingestDropped;
        boolean sustained = dropped == 0 && silent.isEmpty() && lagEnd <= lagBound;

        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "N=%-2d events/s %5.1f  frames/s %5.1f  inferred/s %5.1f  dropped %.0f (inference %.0f, sampler %.0f, ingest %.0f)"
                        + "  late gate events %.0f  inference lag %d (max %d, bound %d)",
                n, eventsPerSecond, framesPerSecond, inferred / seconds, dropped, inferenceDropped, samplerDropped, ingestDropped,
                late, lagEnd, maxLag, lagBound));
        String otherLag = stop.lagByGroup().entrySet().stream().filter(e -> !e.getKey().equals(inferenceGroup))
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        if (!otherLag.isEmpty()) {
            line.append("  other lag: ").append(otherLag);
        }
        line.append("  cpu %:");
        for (Map.Entry<String, Long> e : stop.cpuTicks().entrySet()) {
            Long before = start.cpuTicks().get(e.getKey());
            if (before != null) {
                line.append(String.format(Locale.ROOT, " %s %.0f", e.getKey(), 100.0 * (e.getValue() - before) / CLOCK_TICKS / seconds));
            }
        }
        line.append(String.format(Locale.ROOT, "  load %s", loadAverage()));
        if (!notExported.isEmpty()) {
            line.append("  (not exported, counted as 0: ").append(String.join(", ", notExported)).append(")");
        }
        line.append(sustained ? "  -> sustained" : "  -> NOT sustained" + (silent.isEmpty() ? "" : " (no frames from " + silent + ")"));
        return new Step(sustained, line.toString());
    }

    /**
     * How much a counter grew between two snapshots. A counter the service registers at start-up but does not export
     * (another tree's services may name it otherwise) is noted in the line; some are registered on first use only.
     */
    double delta(Snapshot a, Snapshot b, Service s, String metric, boolean registeredAtStart) {
        if (registeredAtStart && !b.metrics().get(s).has(metric)) {
            notExported.add(s.module() + " " + metric);
        }
        return b.metrics().get(s).sum(metric) - a.metrics().get(s).sum(metric);
    }

    static double sampled(Metrics sampler, String instance) {
        return sampler.sum("openlva_sampler_frames_sampled_total", l -> l.contains("instance=\"" + instance + "\""));
    }

    Snapshot snapshot() throws Exception {
        Map<Service, Metrics> metrics = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            metrics.put(s, scrape(s));
        }
        Map<String, Long> cpu = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            cpu.put(s.module().replace("-service", ""), cpuTicks(pipeline.pipeline().service(s).pid()));
        }
        cpu.put("camera", cpuTicks(camera.pid()));
        kafkaPid().ifPresent(pid -> cpu.put("kafka", cpuTicks(pid)));
        return new Snapshot(System.nanoTime(), metrics, endOffsets(topics.frames()), endOffsets(topics.events()), lag(), cpu);
    }

    Metrics scrape(Service s) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(pipeline.pipeline().service(s).url("/q/metrics"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(s.module() + " /q/metrics answered " + r.statusCode());
        }
        return Metrics.parse(r.body());
    }

    long endOffsets(String topic) throws Exception {
        Set<TopicPartition> parts = partitions(topic);
        if (parts.isEmpty()) {
            return 0;
        }
        return admin.listOffsets(parts.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                .all().get(30, TimeUnit.SECONDS).values().stream().mapToLong(i -> i.offset()).sum();
    }

    Set<TopicPartition> partitions(String topic) throws Exception {
        var description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        return description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
    }

    /** The group that commits offsets on the frames topic (inference-service's), found on the first lag read. */
    String inferenceGroup;

    /** Lag (end offset minus committed offset, summed over partitions) of every group that has committed offsets. */
    Map<String, Long> lag() throws Exception {
        Map<String, Long> out = new TreeMap<>();
        for (GroupListing g : admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(30, TimeUnit.SECONDS)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(g.groupId())
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            committed.values().removeIf(java.util.Objects::isNull);
            if (committed.isEmpty()) {
                continue;
            }
            var ends = admin.listOffsets(committed.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                    .all().get(30, TimeUnit.SECONDS);
            long lag = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
                lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                if (inferenceGroup == null && e.getKey().topic().equals(topics.frames())) {
                    inferenceGroup = g.groupId();
                }
            }
            out.put(g.groupId(), lag);
        }
        return out;
    }

    long inferenceLag(Map<String, Long> lagByGroup) {
        return inferenceGroup == null ? 0 : lagByGroup.getOrDefault(inferenceGroup, 0L);
    }

    /** Kafka runs as a child of this JVM (devkit's KafkaBroker); its pid, for its CPU. */
    java.util.Optional<Long> kafkaPid() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).filter(pid -> {
            try {
                // /proc directly: ProcessHandle.Info cuts command lines at 4 KiB, before Kafka's main class
                String cmd = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
                return cmd.contains(" kafka.Kafka ") && cmd.contains(work.toString());
            } catch (IOException gone) {
                return false;
            }
        }).findFirst();
    }

    static final double CLOCK_TICKS = 100; // USER_HZ on Linux

    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime (fields 14, 15)
        } catch (IOException e) {
            return 0; // the process is gone; the step will show it as dropped frames or silence
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    long elapsedSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }

    void say(String msg) {
        System.out.println("load bench [" + elapsedSeconds() + " s]: " + msg);
    }

    /** Stops everything this run started, once: admin client, services and Kafka, then the camera. */
    void stop(AtomicBoolean stopped) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (camera != null) {
            camera.close();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
