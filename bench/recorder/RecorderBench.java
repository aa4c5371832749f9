import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlva.devkit.KafkaBroker;
import io.openlva.devkit.clips.ClipPackets;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Inferences;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Subjects;
import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.param.SystemVariables;
import io.openlva.recorder.gate.GateSettings;
import io.openlva.recorder.sink.RecorderMetrics;
import io.openlva.recorder.stream.GatePlan;
import io.openlva.recorder.stream.RecorderEngine;
import io.openlva.recorder.stream.SinkPlan;
import io.openlva.recorder.stream.StreamPlan;
import io.openlva.runtime.KafkaFactory;
import io.openlva.runtime.ServiceHealth;

/**
 * N concurrent 1080p25 streams (vtest1080p, GOP 50) recorded continuously by ONE recorder process (its own JVM),
 * fed in real time through a real Kafka broker; the first few streams also have a signal gate with a 10 s
 * pre-roll fed by motion events. Prints the recorder's CPU per stream and the pre-roll accuracy.
 *
 * <p>Usage: RecorderBench run STREAMS SECONDS PARTITIONS WORKDIR  (the script passes them)
 */
public final class RecorderBench {

    static final Topics TOPICS = new Topics("bench.");
    static final int GATED = 5;
    static final long FRAME_US = 40_000;

    public static void main(String[] args) throws Exception {
        if (args[0].equals("recorder")) {
            recorder(args[1], Integer.parseInt(args[2]), Path.of(args[3]));
        } else {
            run(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
        }
    }

    static StreamKey key(int i) {
        return new StreamKey("bench" + i, "rtspSource");
    }

    // ---- the recorder process

    static void recorder(String bootstrap, int streams, Path out) throws Exception {
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
        List<StreamPlan> plans = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            String instance = key(i).instance();
            SinkPlan cvr = new SinkPlan(instance, "assetSink", SinkPlan.Kind.ASSET, out.resolve("assets"),
                    "cvr-" + instance, 48L * 1024 * 1024, Duration.ofSeconds(30));
            List<GatePlan> gates = new ArrayList<>();
            if (i < GATED) {
                SinkPlan evr = new SinkPlan(instance, "fileSink", SinkPlan.Kind.FILE, out.resolve("evr"),
                        "evr-" + instance + "-${System.Runtime.PreciseDateTime}", null, null);
                gates.add(new GatePlan(instance, "signalGate", Set.of("motionDetection"), new GateSettings(
                        Duration.ofSeconds(1), Duration.ofSeconds(-10), Duration.ofSeconds(5), Duration.ofSeconds(5)),
                        List.of(evr)));
            }
            plans.add(new StreamPlan(key(i), gates, List.of(cvr)));
        }
        RecorderEngine engine = new RecorderEngine(new RecorderEngine.Options(TOPICS, "recorder", "latest",
                Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(30), GraphEvent.DEFAULT_TOPIC),
                new KafkaFactory(bootstrap), new ServiceHealth(),
                new RecorderMetrics(new SimpleMeterRegistry()), SystemVariables::expandRuntime);
        engine.onClip(c -> System.out.printf("CLIP %s %d %d %d %d %b%n", c.instance(), c.askedStartUs(), c.askedEndUs(),
                c.writtenStartUs(), c.writtenEndUs(), c.prerollComplete()));
        engine.apply(plans).get();
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close));
        engine.start();
        boolean ready = false;
        while (true) {
            if (!ready && !engine.assignedPartitions().isEmpty()) {
                ready = true;
                System.out.println("READY");
            }
            System.out.println("PACKETS " + engine.packetsRead());
            System.out.flush();
            Thread.sleep(1000);
        }
    }

    // ---- the driver: broker, producer, measurements

    static void run(int streams, int seconds, int partitions, Path work) throws Exception {
        Files.createDirectories(work);
        System.out.printf("recorder bench: %d streams of 1080p25 (vtest1080p, GOP 2 s), %d s, %d partitions, %d gated%n",
                streams, seconds, partitions, Math.min(GATED, streams));
        KafkaBroker broker = KafkaBroker.start(0, work.resolve("broker"));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::stop));
        broker.createTopics(TopicSpecs.specs(TOPICS, partitions));
        List<MediaPacket> clip = ClipPackets.read(SampleClips.vtest1080p(), key(0), 0);
        long clipBytes = clip.stream().mapToLong(p -> p.data().length).sum();
        double mbps = clipBytes * 8.0 / (clip.size() * FRAME_US / 1e6) / 1e6;
        System.out.printf("clip: %d packets, %.2f Mbit/s per stream%n", clip.size(), mbps);

        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "RecorderBench", "recorder", broker.bootstrapServers(),
                Integer.toString(streams), work.resolve("out").toString());
        Process rec = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> clips = new CopyOnWriteArrayList<>();
        AtomicLong recorderPackets = new AtomicLong();
        Path recLog = work.resolve("recorder.log");
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(rec.getInputStream(), StandardCharsets.UTF_8));
                    var log = Files.newBufferedWriter(recLog)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("CLIP ")) {
                        clips.add(line);
                    } else if (line.startsWith("PACKETS ")) {
                        recorderPackets.set(Long.parseLong(line.substring(8).trim()));
                    }
                    if (!line.startsWith("PACKETS ")) {
                        log.write(line);
                        log.newLine();
                        log.flush();
                    }
                }
            } catch (Exception ignored) {
                // recorder gone
            }
        });
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!Files.exists(recLog) || !Files.readString(recLog).contains("READY")) {
            if (System.nanoTime() > deadline || !rec.isAlive()) {
                throw new IllegalStateException("recorder did not start, see " + recLog);
            }
            Thread.sleep(200);
        }

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 * 1024 * 1024));
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        long produced = 0;
        long captureBase = System.currentTimeMillis();
        long t0 = System.nanoTime();
        int frames = (int) (seconds * 1_000_000L / FRAME_US);
        int warmupFrames = Math.min(frames / 3, (int) (15_000_000 / FRAME_US));
        Duration cpuAtWarmup = null;
        long wallAtWarmup = 0;
        List<long[]> eventsSent = new ArrayList<>();
        ProcessHandle recHandle = rec.toHandle();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int f = 0; f < frames; f++) {
                long due = t0 + f * FRAME_US * 1000;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                long mt = f * FRAME_US;
                for (int s = 0; s < streams; s++) {
                    MediaPacket src = clip.get((f + s * 7) % clip.size());
                    MediaPacket pk = new MediaPacket(key(s), "bench", f, src.codec(), mt, false, captureBase + mt / 1000,
                            src.keyframe(), src.codecConfig(), src.width(), src.height(), src.data());
                    producer.send(pk.toRecord(TOPICS.packets()));
                    produced++;
                }
                // motion on the gated streams every 15 s of media (from 20 s on), 0.5 s behind the live edge
                if (f > 0 && f % 375 == 0 && mt >= 20_000_000 && mt + 8_000_000 < seconds * 1_000_000L) {
                    long eventMt = mt - 500_000;
                    for (int s = 0; s < Math.min(GATED, streams); s++) {
                        String inst = key(s).instance();
                        var body = Inferences.body(eventMt, Inferences.entities(List.of()));
                        body.withArray("inferences").add(Inferences.motion(new Inferences.Box(0.1, 0.1, 0.3, 0.3)));
                        // emitted 0.5 s after its media was captured, even when this producer falls behind real time
                        producer.send(new GraphEvent(java.util.UUID.randomUUID().toString(), inst, null,
                                Subjects.processor(inst, "motionDetection"), EventTypes.INFERENCE,
                                java.time.Instant.ofEpochMilli(captureBase + mt / 1000), null, eventMt, body)
                                .toRecord(TOPICS.events()));
                        eventsSent.add(new long[] {s, eventMt});
                    }
                }
                if (f == warmupFrames) {
                    cpuAtWarmup = recHandle.info().totalCpuDuration().orElse(Duration.ZERO);
                    wallAtWarmup = System.nanoTime();
                }
            }
            producer.flush();
        }
        long wallEnd = System.nanoTime();
        Duration cpuEnd = recHandle.info().totalCpuDuration().orElse(Duration.ZERO);
        double lagS = (System.nanoTime() - t0) / 1e9 - seconds;
        // let the recorder drain, then stop it cleanly
        long drainDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (recorderPackets.get() < produced && System.nanoTime() < drainDeadline) {
            Thread.sleep(200);
        }
        long behindAtEnd = produced - recorderPackets.get();
        // the last clips close a window past their end; give them that, bounded
        long clipDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (clips.size() < eventsSent.size() && System.nanoTime() < clipDeadline) {
            Thread.sleep(200);
        }
        rec.destroy();
        rec.waitFor();

        double cpuS = (cpuEnd.toNanos() - cpuAtWarmup.toNanos()) / 1e9;
        double wallS = (wallEnd - wallAtWarmup) / 1e9;
        double cores = cpuS / wallS;
        System.out.println("---- figures");
        System.out.printf("producer lag at end: %.2f s (producer keeps real time when ~0)%n", lagS);
        System.out.printf("packets produced %d, recorded-side read %d (behind after drain: %d)%n", produced,
                recorderPackets.get(), behindAtEnd);
        System.out.printf("recorder CPU (steady state, %.0f s): %.3f cores total = %.2f %% of one core per stream"
                + " (%d streams => %s one core)%n", wallS, cores, cores / streams * 100, streams,
                cores < 1.0 ? "UNDER" : "OVER");
        long bytesOut;
        try (var w = Files.walk(work.resolve("out"))) {
            bytesOut = w.filter(Files::isRegularFile).mapToLong(x -> x.toFile().length()).sum();
        }
        System.out.printf("MP4 on disk at end: %.1f MiB (CVR budget 48 MiB per stream)%n", bytesOut / 1048576.0);
        System.out.printf("gate events sent: %d, clips closed: %d%n", eventsSent.size(), clips.size());
        double maxEarly = 0;
        double sumEarly = 0;
        int late = 0;
        int incomplete = 0;
        double maxEndErr = 0;
        for (String c : clips) {
            String[] x = c.split(" ");
            long askedStart = Long.parseLong(x[2]);
            long askedEnd = Long.parseLong(x[3]);
            long wStart = Long.parseLong(x[4]);
            long wEnd = Long.parseLong(x[5]);
            double early = (askedStart - wStart) / 1e6;
            if (early < 0) {
                late++;
            }
            if (!Boolean.parseBoolean(x[6])) {
                incomplete++;
            }
            maxEarly = Math.max(maxEarly, early);
            sumEarly += early;
            maxEndErr = Math.max(maxEndErr, (askedEnd - wEnd) / 1e6);
        }
        if (!clips.isEmpty()) {
            System.out.printf("pre-roll (-10 s) accuracy: clip starts %.3f s avg / %.3f s max before the asked start"
                    + " (GOP 2 s bound), %d started late, %d without the full pre-roll; end within %.3f s of the asked end%n",
                    sumEarly / clips.size(), maxEarly, late, incomplete, maxEndErr);
        }
        broker.stop();
        System.exit(0);
    }
}
