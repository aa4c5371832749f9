import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

import io.openlva.devkit.KafkaBroker;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;
import io.openlva.inference.GraphFixtures;
import io.openlva.inference.TestClients;
import io.openlva.inference.TestFrames;
import io.openlva.inference.frames.WorkerMain;

/**
 * Scale-out benchmark (run by run.sh scaleout): one camera at 25 fps, every frame sent to the ONNX node, keyed per
 * frame so it spreads over the frames topic's partitions. Inference events/s with 1 replica, then with 2 replicas
 * (separate JVMs, 1 intra-op thread each, the service's 2 s latency budget: what a replica cannot take in time is
 * dropped and counted). Then one of the two is killed with SIGKILL and the time until the survivor holds every
 * partition is measured against the session timeout.
 */
public class ScaleOutBench {

    static final int PARTITIONS = 6;
    static final StreamKey STREAM = new StreamKey("scale", "detector");

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        int fps = Integer.parseInt(System.getenv().getOrDefault("BENCH_FPS", "25"));
        int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "40"));
        long sessionTimeoutMs = Long.parseLong(System.getenv().getOrDefault("BENCH_SESSION_TIMEOUT_MS", "10000"));
        List<byte[]> images = new ArrayList<>();
        for (Path p : TestFrames.paddedRgb24()) {
            images.add(Files.readAllBytes(p));
        }
        System.out.printf("one camera at %d fps (640x640 rgb24 frames, keyed per frame over %d partitions), model %s, "
                + "1 intra-op thread per replica, latency budget 2 s, %d s measured per setup%n", fps, PARTITIONS, model.getFileName(), seconds);
        Path dir = Files.createTempDirectory("openlva-bench-scaleout");
        List<Process> replicas = new ArrayList<>();
        try (KafkaBroker broker = KafkaBroker.start(0, dir)) {
            String bootstrap = broker.bootstrapServers();
            Topics topics = new Topics("scale.");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                TopicSpecs.ensure(admin, topics, PARTITIONS);
                GraphFixtures.activate(bootstrap, topics, "/topologies/people-detection.json", STREAM.instance(),
                        Map.of("modelPath", model.toString(), "inferencingUrl", "http://127.0.0.1:1/score"));
                AtomicBoolean sending = new AtomicBoolean(true);
                Thread camera = new Thread(() -> camera(bootstrap, topics, images, fps, sending), "camera");
                camera.start();
                try (KafkaConsumer<String, byte[]> events = TestClients.events(bootstrap, topics, false)) {
                    // 1 replica
                    String one = "scale-one-" + UUID.randomUUID();
                    replicas.add(start(bootstrap, topics, one, model, sessionTimeoutMs, "one"));
                    awaitMembers(admin, one, 1, Duration.ofMinutes(3));
                    awaitEvents(events, Duration.ofMinutes(3));
                    long cpu1 = cpuNanos(replicas);
                    long w1 = System.nanoTime();
                    double single = rate(events, Duration.ofSeconds(seconds));
                    System.out.printf("1 replica:  %.2f inference events/s (the replica used %.2f cores)%n", single,
                            (cpuNanos(replicas) - cpu1) / (double) (System.nanoTime() - w1));
                    replicas.remove(0).destroyForcibly().waitFor(30, TimeUnit.SECONDS);

                    // 2 replicas, a fresh group (no waiting for the killed one's session to expire)
                    String two = "scale-two-" + UUID.randomUUID();
                    replicas.add(start(bootstrap, topics, two, model, sessionTimeoutMs, "a"));
                    replicas.add(start(bootstrap, topics, two, model, sessionTimeoutMs, "b"));
                    awaitMembers(admin, two, 2, Duration.ofMinutes(3));
                    awaitEvents(events, Duration.ofMinutes(3));
                    long cpu2 = cpuNanos(replicas);
                    long w2 = System.nanoTime();
                    double pair = rate(events, Duration.ofSeconds(seconds));
                    System.out.printf("2 replicas: %.2f inference events/s (the replicas used %.2f cores; %d processors here, load average %s)%n",
                            pair, (cpuNanos(replicas) - cpu2) / (double) (System.nanoTime() - w2), Runtime.getRuntime().availableProcessors(),
                            Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
                    System.out.printf("scale-out ratio 2/1: %.2f (target >= 1.8)%n", pair / single);

                    // SIGKILL one: no leave-group, the coordinator notices after the session timeout
                    Process victim = replicas.get(0);
                    Instant killed = Instant.now();
                    victim.destroyForcibly();
                    Instant taken = null;
                    while (Duration.between(killed, Instant.now()).toMillis() < sessionTimeoutMs * 6) {
                        List<MemberDescription> members = members(admin, two);
                        if (members.size() == 1 && members.get(0).assignment().topicPartitions().size() == PARTITIONS) {
                            taken = Instant.now();
                            break;
                        }
                        Thread.sleep(100);
                    }
                    if (taken == null) {
                        System.out.printf("after SIGKILL: the survivor did not take all %d partitions within %d ms%n", PARTITIONS,
                                sessionTimeoutMs * 6);
                    } else {
                        long ms = Duration.between(killed, taken).toMillis();
                        System.out.printf("after SIGKILL: survivor holds all %d partitions %d ms after the kill (session timeout %d ms: %.2fx)%n",
                                PARTITIONS, ms, sessionTimeoutMs, ms / (double) sessionTimeoutMs);
                    }
                    double survivor = rate(events, Duration.ofSeconds(Math.max(10, seconds / 2)));
                    System.out.printf("survivor alone: %.2f inference events/s%n", survivor);
                } finally {
                    sending.set(false);
                    camera.join(10_000);
                }
            }
        } finally {
            replicas.forEach(Process::destroyForcibly);
        }
        System.exit(0);
    }

    static void camera(String bootstrap, Topics topics, List<byte[]> images, int fps, AtomicBoolean sending) {
        try (KafkaProducer<String, byte[]> producer = TestClients.producer(bootstrap)) {
            long intervalNs = 1_000_000_000L / fps;
            long next = System.nanoTime();
            for (long i = 0; sending.get(); i++) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                MediaFrame f = new MediaFrame(STREAM, "rtspSource", i * 1_000_000 / fps, System.currentTimeMillis(), "image/x-raw", "rgb24",
                        640, 640, 768, 576, "pad", null, images.get((int) (i % images.size())));
                producer.send(f.toRecord(topics.frames(), true));
                next += intervalNs;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CPU time the replica processes used so far. */
    static long cpuNanos(List<Process> replicas) {
        return replicas.stream().mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }

    static Process start(String bootstrap, Topics topics, String group, Path model, long sessionTimeoutMs, String name) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = Path.of("target", "scaleout-replica-" + name + ".log").toAbsolutePath();
        return new ProcessBuilder(java.toString(), "-Xmx384m", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", System.getProperty("java.class.path"), WorkerMain.class.getName(), Long.toString(ProcessHandle.current().pid()),
                bootstrap, topics.prefix(), group, model.toString(), "1", "2000", Long.toString(sessionTimeoutMs), "2")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static void awaitMembers(Admin admin, String group, int n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<MemberDescription> m = members(admin, group);
            if (m.size() == n && m.stream().allMatch(x -> !x.assignment().topicPartitions().isEmpty())
                    && m.stream().mapToInt(x -> x.assignment().topicPartitions().size()).sum() == PARTITIONS) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("group " + group + " never had " + n + " members sharing " + PARTITIONS + " partitions");
    }

    static List<MemberDescription> members(Admin admin, String group) throws Exception {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
            return new ArrayList<>(d.members());
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
                return List.of(); // no replica joined yet
            }
            throw e;
        }
    }

    /** Waits until inference events flow (models loaded, first frames done), then 5 s more to settle. */
    static void awaitEvents(KafkaConsumer<String, byte[]> events, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (count(events, Duration.ofSeconds(1)) > 0) {
                count(events, Duration.ofSeconds(5));
                return;
            }
        }
        throw new IllegalStateException("no inference event within " + timeout);
    }

    static double rate(KafkaConsumer<String, byte[]> events, Duration window) {
        long t0 = System.nanoTime();
        long n = count(events, window);
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /** Inference events of the stream published during the window (by their event time). */
    static long count(KafkaConsumer<String, byte[]> events, Duration window) {
        Instant from = Instant.now();
        Instant until = from.plus(window);
        AtomicLong n = new AtomicLong();
        while (Instant.now().isBefore(until)) {
            events.poll(Duration.ofMillis(200)).forEach(r -> {
                GraphEvent e = GraphEvent.fromRecord(r);
                if (e.eventType().equals(EventTypes.INFERENCE) && !e.eventTime().isBefore(from) && e.eventTime().isBefore(until)) {
                    n.incrementAndGet();
                }
            });
        }
        return n.get();
    }
}
