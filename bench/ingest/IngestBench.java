import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.openlva.devkit.KafkaBroker;
import io.openlva.devkit.camera.SimulatedCamera;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;

/** See run.sh. CPU is read from /proc/<pid>/stat of the ingest-service process only (not the camera, not Kafka). */
public class IngestBench {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int streams = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        Path work = Files.createTempDirectory("ingest-bench");
        KafkaBroker kafka = KafkaBroker.start(0, work.resolve("kafka"));
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (int i = 1; i <= streams; i++) {
            mounts.put("cam" + i, SampleClips.vtest1080p());
        }
        SimulatedCamera camera = SimulatedCamera.start(0, mounts);
        Process service = null;
        try {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                TopicSpecs.ensure(admin, Topics.DEFAULT, 6);
            }
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                port = s.getLocalPort();
            }
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.log.level=WARN",
                    "-jar", "ingest-service/target/quarkus-app/quarkus-run.jar")
                    .redirectErrorStream(true).redirectOutput(work.resolve("ingest.log").toFile());
            pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            service = pb.start();
            long pid = service.pid();
            String base = "http://127.0.0.1:" + port;
            waitFor(() -> status(base + "/q/health/ready") == 200, 120, "ingest-service ready");

            double idle = cpuPercent(pid, 10);
            System.out.printf("ingest-service idle: %.2f%% of a core%n", idle);

            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (KafkaProducer<String, String> graph = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                graph.send(new ProducerRecord<>(Topics.DEFAULT.topologies(), "IngestTest",
                        Files.readString(Path.of("ingest-service/src/test/resources/graphs/ingest-topology.json")))).get();
                for (String mount : mounts.keySet()) {
                    String name = "bench-" + mount;
                    graph.send(new ProducerRecord<>(Topics.DEFAULT.instances(), name, "{\"@apiVersion\":\"2.0\",\"name\":\""
                            + name + "\",\"properties\":{\"topologyName\":\"IngestTest\",\"parameters\":[{\"name\":\"rtspUrl\","
                            + "\"value\":\"" + camera.url(mount) + "\"}],\"state\":\"Active\"}}")).get();
                }
            }
            waitFor(() -> metric(base, "openlva_ingest_packets_total") > 0 && countStreams(base) == streams, 120,
                    "all streams flowing");
            Thread.sleep(warmUp * 1000L); // JIT warm-up: C2 compiles for the first half minute or so
            double packets0 = metric(base, "openlva_ingest_packets_total");
            double bytes0 = metric(base, "openlva_ingest_bytes_total");
            Map<String, Long> threads0 = threadTicks(pid);
            double cpu = cpuPercent(pid, seconds);
            Map<String, Long> threads1 = threadTicks(pid);
            double packets = metric(base, "openlva_ingest_packets_total") - packets0;
            double bytes = metric(base, "openlva_ingest_bytes_total") - bytes0;
            double cameraCpu = cpuPercent(camera.pid(), 5);
            System.out.printf("streams: %d x 1080p25 H.264 (%.1f packets/s, %.1f Mbit/s in total)%n", streams,
                    packets / seconds, bytes * 8 / seconds / 1e6);
            System.out.printf("ingest-service CPU: %.1f%% of a core in total over %d s (idle %.2f%%)%n", cpu, seconds, idle);
            System.out.printf("CPU per stream: %.2f%% of a core (ingest + publish to Kafka)%n", (cpu - idle) / streams);
            Map<String, Long> byGroup = new java.util.TreeMap<>();
            threads1.forEach((k, v) -> byGroup.merge(k.replaceAll("[-#]?[0-9]+$", "").replaceAll("^rtsp-.*", "rtsp-* (camera pulls)"),
                    v - threads0.getOrDefault(k, 0L), Long::sum));
            long jit = byGroup.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre")).mapToLong(Map.Entry::getValue).sum();
            double jitPercent = jit / 100.0 / seconds * 100;
            System.out.printf("CPU per stream without JIT compiler threads still warming up: %.2f%% of a core%n",
                    (cpu - jitPercent - idle) / streams);
            System.out.println("where the CPU went (% of a core, by thread):");
            byGroup.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(6)
                    .forEach(e -> System.out.printf("  %-40s %5.1f%%%n", e.getKey(), e.getValue() / 100.0 / seconds * 100));
            System.out.printf("(for reference, the simulated camera serving them: %.1f%% of a core)%n", cameraCpu);
        } finally {
            if (service != null) {
                service.destroy();
                service.waitFor();
            }
            camera.stop();
            kafka.stop();
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check check, int seconds, String what) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (IOException notYet) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("timed out waiting for " + what);
    }

    static int status(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String metrics(String base) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static double metric(String base, String name) throws Exception {
        double sum = 0;
        for (String line : metrics(base).split("\n")) {
            if (line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    static int countStreams(String base) throws Exception {
        int n = 0;
        for (String line : metrics(base).split("\n")) {
            if (line.startsWith("openlva_ingest_packets_total{") && Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) > 0) {
                n++;
            }
        }
        return n;
    }

    /** CPU of a process over the next {@code seconds}, in % of one core (utime + stime from /proc, 100 ticks/s). */
    static double cpuPercent(long pid, int seconds) throws Exception {
        long t0 = ticks(pid);
        long n0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long t1 = ticks(pid);
        double elapsed = (System.nanoTime() - n0) / 1e9;
        return (t1 - t0) / 100.0 / elapsed * 100;
    }

    /** utime + stime per thread (by comm name, which Linux truncates to 15 characters). */
    static Map<String, Long> threadTicks(long pid) throws IOException {
        Map<String, Long> out = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')) + "#" + task.getFileName();
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.put(name, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (IOException gone) {
                    // thread ended
                }
            }
        }
        return out;
    }

    static long ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
    }
}
