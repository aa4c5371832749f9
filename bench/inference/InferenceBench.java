import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlva.devkit.KafkaBroker;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;
import io.openlva.inference.GraphFixtures;
import io.openlva.inference.TestClients;
import io.openlva.inference.TestFrames;
import io.openlva.inference.frames.InferenceMetrics;
import io.openlva.inference.frames.FrameConsumer;
import io.openlva.inference.frames.Replica;
import io.openlva.inference.frames.NodeDirectory;
import io.openlva.inference.grpc.GrpcExtensionRunner;
import io.openlva.inference.http.HttpExtensionRunner;
import io.openlva.inference.image.ImageDecoder;
import io.openlva.inference.image.Preprocessor;
import io.openlva.inference.onnx.ModelCache;
import io.openlva.inference.onnx.OnnxModel;

/**
 * Inference benchmark (run by run.sh): YOLOv8n throughput through Kafka -> ONNX -> Kafka against a bare ONNX
 * Runtime loop on the same model and threads, then frame-in -> event-out latency at a sustainable rate.
 * Frames: real pedestrian frames, 640x640 pad-scaled raw rgb24 as the sampler sends them.
 */
public class InferenceBench {

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        int threads = Integer.parseInt(System.getenv().getOrDefault("BENCH_THREADS", "2"));
        int frames = Integer.parseInt(System.getenv().getOrDefault("BENCH_FRAMES", "100"));
        int latencyFrames = Integer.parseInt(System.getenv().getOrDefault("BENCH_LATENCY_FRAMES", "40"));
        List<byte[]> images = new ArrayList<>();
        for (Path p : TestFrames.paddedRgb24()) {
            images.add(Files.readAllBytes(p));
        }
        System.out.printf("model %s, intra-op threads %d, inter-op 1, %d frames (640x640 rgb24, pad)%n", model.getFileName(), threads, frames);

        ModelCache models = new ModelCache(model.toString(), "auto", List.of(), threads, 1);
        OnnxModel m = models.defaultModel();

        // 1. bare ONNX Runtime loop: session.run on prepared tensors, nothing else
        List<FloatBuffer> prepared = new ArrayList<>();
        for (byte[] img : images) {
            FloatBuffer fb = ByteBuffer.allocateDirect(3 * 640 * 640 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            Preprocessor.toTensor(ImageDecoder.decode(img, "image/x-raw", "rgb24", 640, 640), 640, 640, fb);
            prepared.add(fb);
        }
        for (int i = 0; i < 5; i++) {
            m.runRaw(prepared.get(i % prepared.size()));
        }
        List<Long> modelNanos = new ArrayList<>();
        for (int i = 0; i < Math.min(frames, 20); i++) {
            modelNanos.add(m.runRaw(prepared.get(i % prepared.size())));
        }
        Collections.sort(modelNanos);
        double modelP50 = modelNanos.get(modelNanos.size() / 2) / 1e6;

        // 1b. the node in-process (raw frame decode, tensor fill, model, output decoding), no Kafka
        io.openlva.inference.onnx.OnnxExtensionRunner runner = new io.openlva.inference.onnx.OnnxExtensionRunner(m, 0.5, 0.45, n -> { });
        List<MediaFrame> inProcess = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            inProcess.add(new MediaFrame(new StreamKey("bench", "detector"), "rtspSource", i, 0, "image/x-raw", "rgb24", 640, 640, 768, 576,
                    "pad", null, images.get(i)));
        }
        for (int i = 0; i < 5; i++) {
            runner.infer(inProcess.get(i % inProcess.size()));
        }
        long tr = System.nanoTime();
        long cr = cpuNanos();
        int inProcessFrames = Math.min(frames, 20);
        for (int i = 0; i < inProcessFrames; i++) {
            runner.infer(inProcess.get(i % inProcess.size()));
        }
        System.out.printf("node in-process, no Kafka:     %.2f frames/s, CPU %.0f ms/frame%n",
                inProcessFrames / ((System.nanoTime() - tr) / 1e9), (cpuNanos() - cr) / 1e6 / inProcessFrames);

        // 2. through Kafka, interleaved with the bare loop so both see the same machine load (the machine is shared):
        // each round puts a backlog of frames on media.frames, lets one replica drain it (throughput from its first to
        // its last event), then runs the bare loop on as many frames. The ratio is the median of the rounds' ratios.
        Path dir = Files.createTempDirectory("openlva-bench-kafka");
        try (KafkaBroker broker = KafkaBroker.start(0, dir)) {
            String bootstrap = broker.bootstrapServers();
            Topics topics = new Topics("bench.");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                TopicSpecs.ensure(admin, topics, 1);
            }
            GraphFixtures.activate(bootstrap, topics, "/topologies/people-detection.json", "bench",
                    Map.of("modelPath", model.toString(), "inferencingUrl", "http://127.0.0.1:1/score"));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            InferenceMetrics metrics = new InferenceMetrics(registry);
            NodeDirectory nodes = new NodeDirectory(models, new HttpExtensionRunner.Settings(Duration.ofSeconds(1),
                    Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(5)),
                new GrpcExtensionRunner.Settings(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(5), 2,
                        32 << 20, java.nio.file.Path.of("/dev/shm")), metrics::modelNanos);
            String group = "bench-" + UUID.randomUUID();
            FrameConsumer.Settings settings = new FrameConsumer.Settings(group, 4, Duration.ofSeconds(10), Duration.ofMinutes(10),
                    Duration.ofSeconds(10));
            try (KafkaProducer<String, byte[]> producer = TestClients.producer(bootstrap);
                    KafkaConsumer<String, byte[]> events = TestClients.events(bootstrap, topics, false)) {
                long seq = 0;
                // warm-up round: broker, consumer and producer paths compiled before anything is timed
                for (int i = 0; i < 10; i++) {
                    send(producer, topics, seq++, System.currentTimeMillis(), images.get(i % images.size()));
                }
                Replica warm = Replica.start(bootstrap, topics, settings, nodes, metrics);
                collect(events, 10, Duration.ofMinutes(10));
                warm.close();

                int rounds = Integer.parseInt(System.getenv().getOrDefault("BENCH_ROUNDS", "5"));
                int perRound = Math.max(3, frames / rounds);
                List<Double> ratios = new ArrayList<>();
                double pipeFramesTotal = 0, pipeSecondsTotal = 0, bareFramesTotal = 0, bareSecondsTotal = 0;
                double pipeCpuTotal = 0, bareCpuTotal = 0;
                Map<String, Long> pipeThreads = new java.util.TreeMap<>();
                Map<String, Long> bareThreads = new java.util.TreeMap<>();
                for (int r = 1; r <= rounds; r++) {
                    for (int i = 0; i < perRound; i++) {
                        send(producer, topics, seq++, System.currentTimeMillis(), images.get(i % images.size()));
                    }
                    producer.flush();
                    Replica worker = Replica.start(bootstrap, topics, settings, nodes, metrics);
                    Timed got = collectTimed(events, perRound, Duration.ofMinutes(10));
                    worker.close();
                    double pipeFps = (perRound - 1) / got.seconds();
                    double pipeCpu = got.cpuNanos() / 1e6 / (perRound - 1);

                    addTo(pipeThreads, got.byThread());
                    Map<String, Long> threads1 = threadCpu();
                    long t1 = System.nanoTime();
                    long c1 = cpuNanos();
                    for (int i = 0; i < perRound; i++) {
                        m.runRaw(prepared.get(i % prepared.size()));
                    }
                    double bareSeconds = (System.nanoTime() - t1) / 1e9;
                    double bareCpu = (cpuNanos() - c1) / 1e6 / perRound;
                    addTo(bareThreads, minus(threadCpu(), threads1));
                    double bareFps = perRound / bareSeconds;
                    ratios.add(pipeFps / bareFps);
                    pipeFramesTotal += perRound - 1;
                    pipeSecondsTotal += got.seconds();
                    bareFramesTotal += perRound;
                    bareSecondsTotal += bareSeconds;
                    pipeCpuTotal += pipeCpu;
                    bareCpuTotal += bareCpu;
                    System.out.printf("round %d: Kafka -> ONNX -> Kafka %.2f frames/s (CPU %.0f ms/frame), bare loop %.2f frames/s (CPU %.0f ms/frame), ratio %.3f%n",
                            r, pipeFps, pipeCpu, bareFps, bareCpu, pipeFps / bareFps);
                }
                Collections.sort(ratios);
                double median = ratios.get(ratios.size() / 2);
                System.out.printf("bare ONNX Runtime loop:        %.2f frames/s (model time p50 %.1f ms)%n", bareFramesTotal / bareSecondsTotal, modelP50);
                System.out.printf("Kafka -> ONNX -> Kafka:        %.2f frames/s (%d rounds of %d frames)%n", pipeFramesTotal / pipeSecondsTotal, rounds, perRound);
                System.out.printf("CPU of this JVM per frame:     pipeline %.0f ms, bare %.0f ms (ratio %.3f; the broker runs in its own process)%n",
                        pipeCpuTotal / rounds, bareCpuTotal / rounds, bareCpuTotal / pipeCpuTotal);
                // "main" counts this benchmark's own event reader during the pipeline rounds: not the service's work
                double reader = pipeThreads.getOrDefault("main", 0L) / 1e6 / pipeFramesTotal;
                System.out.printf("CPU ratio without the benchmark's event reader (main, %.1f ms/frame): %.3f%n", reader,
                        (bareCpuTotal / rounds) / (pipeCpuTotal / rounds - reader));
                printCpu("Kafka -> ONNX -> Kafka", pipeThreads, pipeFramesTotal);
                printCpu("bare loop", bareThreads, bareFramesTotal);
                System.out.printf("ratio pipeline / bare:         %.3f median of rounds, %.3f overall (target >= 0.90)%n", median,
                        (pipeFramesTotal / pipeSecondsTotal) / (bareFramesTotal / bareSecondsTotal));
                double pipelineFps = pipeFramesTotal / pipeSecondsTotal;
                Replica worker = Replica.start(bootstrap, topics, settings, nodes, metrics);

                // 3. latency at a sustainable rate: 70 %% of the measured pipeline throughput, capture time = now
                double rate = pipelineFps * 0.7;
                long intervalNs = (long) (1e9 / rate);
                long base = 1_000_000L;
                long next = System.nanoTime();
                for (int i = 0; i < latencyFrames; i++) {
                    while (System.nanoTime() < next) {
                        Thread.sleep(1);
                    }
                    send(producer, topics, base + i, System.currentTimeMillis(), images.get(i % images.size()));
                    next += intervalNs;
                }
                List<GraphEvent> lat = collect(events, latencyFrames, Duration.ofMinutes(5));
                List<Long> latMs = new ArrayList<>();
                for (GraphEvent e : lat) {
                    // capture time travels in the frame; the event's eventTime is when it was published
                    latMs.add(e.eventTime().toEpochMilli() - captureTimes.get(e.mediaTimeUs()));
                }
                Collections.sort(latMs);
                long p50 = latMs.get(latMs.size() / 2);
                long p99 = latMs.get(Math.min(latMs.size() - 1, (int) Math.ceil(latMs.size() * 0.99) - 1));
                System.out.printf("latency frame-in -> event-out at %.2f frames/s: p50 %d ms, p99 %d ms (model p50 %.1f ms; target p50 <= %.0f ms)%n",
                        rate, p50, p99, modelP50, modelP50 + 150);
                System.out.printf("dropped frames: %.0f%n", metrics.dropped());
                worker.close();
            }
            nodes.close();
        } finally {
            models.close();
        }
        System.exit(0);
    }

    static final Map<Long, Long> captureTimes = new ConcurrentHashMap<>();

    static void send(KafkaProducer<String, byte[]> producer, Topics topics, long seq, long captureMs, byte[] image) throws Exception {
        long mediaTimeUs = seq * 1000;
        captureTimes.put(mediaTimeUs, captureMs);
        MediaFrame f = new MediaFrame(new StreamKey("bench", "detector"), "rtspSource", mediaTimeUs, captureMs, "image/x-raw", "rgb24",
                640, 640, 768, 576, "pad", null, image);
        producer.send(f.toRecord(topics.frames())).get(30, TimeUnit.SECONDS);
    }

    record Timed(double seconds, long cpuNanos, Map<String, Long> byThread) {
    }

    /** CPU time of every live Java thread by name (numbers and ids stripped), plus "native" = the process's rest. */
    static Map<String, Long> threadCpu() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new java.util.TreeMap<>();
        long javaTotal = 0;
        for (java.lang.management.ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (ti == null) {
                continue;
            }
            long t = mx.getThreadCpuTime(ti.getThreadId());
            if (t > 0) {
                String name = ti.getThreadName().replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}|[0-9]+", "#");
                out.merge(name, t, Long::sum);
                javaTotal += t;
            }
        }
        out.put("(native: ONNX Runtime pool, GC, JIT; ended threads)", cpuNanos() - javaTotal);
        return out;
    }

    static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> d = new java.util.TreeMap<>();
        after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
        return d;
    }

    static void addTo(Map<String, Long> sum, Map<String, Long> d) {
        d.forEach((k, v) -> sum.merge(k, v, Long::sum));
    }

    static void printCpu(String what, Map<String, Long> sum, double frames) {
        StringBuilder sb = new StringBuilder();
        sum.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).filter(e -> e.getValue() / 1e6 / frames >= 0.5)
                .forEach(e -> sb.append(String.format("%n    %6.1f ms  %s", e.getValue() / 1e6 / frames, e.getKey())));
        System.out.printf("  CPU per frame by thread, %s:%s%n", what, sb);
    }

    /** Collects n events; the span and this JVM's CPU time from the first event seen to the last. */
    static Timed collectTimed(KafkaConsumer<String, byte[]> c, int n, Duration timeout) {
        List<GraphEvent> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        long cpuAtFirst = -1;
        Map<String, Long> threadsAtFirst = null;
        while (out.size() < n && System.nanoTime() < deadline) {
            c.poll(Duration.ofMillis(50)).forEach(r -> out.add(GraphEvent.fromRecord(r)));
            if (cpuAtFirst < 0 && !out.isEmpty()) {
                cpuAtFirst = cpuNanos();
                threadsAtFirst = threadCpu();
            }
        }
        if (out.size() < n) {
            throw new IllegalStateException("only " + out.size() + " of " + n + " events within " + timeout);
        }
        long cpu = cpuNanos() - cpuAtFirst;
        Map<String, Long> byThread = minus(threadCpu(), threadsAtFirst);
        out.sort((a, b) -> a.eventTime().compareTo(b.eventTime()));
        double span = Duration.between(out.get(0).eventTime(), out.get(n - 1).eventTime()).toNanos() / 1e9;
        return new Timed(span, cpu, byThread);
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static List<GraphEvent> collect(KafkaConsumer<String, byte[]> c, int n, Duration timeout) {
        List<GraphEvent> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < n && System.nanoTime() < deadline) {
            c.poll(Duration.ofMillis(200)).forEach(r -> out.add(GraphEvent.fromRecord(r)));
        }
        if (out.size() < n) {
            throw new IllegalStateException("only " + out.size() + " of " + n + " events within " + timeout);
        }
        return out;
    }
}
