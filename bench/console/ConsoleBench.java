import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.devkit.Cache;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.contract.Json;
import io.openlva.launcher.LocalPipeline;
import io.openlva.launcher.Service;

/**
 * What the web console costs: CPU of every service while nobody watches, while one browser-like client polls the
 * live preview (as console.js does, every 700 ms) and the event feed is open, and again after the preview reader
 * stopped. The preview reuses the sampler's extension images, so the figure of interest is hub-bridge's extra CPU
 * and that the sampler's does not move.
 */
public class ConsoleBench {

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[0]);
        Path root = Path.of(System.getProperty("openlva.project.root")).toAbsolutePath();
        Path work = root.resolve("target/bench-console");
        if (Files.isDirectory(work)) { // a broker kept from an earlier run would still hold its graph
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        Files.createDirectories(work);
        try (LocalPipeline p = LocalPipeline.start(new LocalPipeline.Settings(root, work, false, SampleClips.vtest(), null,
                Cache.defaultModel(), work.resolve("recordings"), null, null, "-Xms64m -Xmx1g -XX:+UseSerialGC",
                new PrintStream(Files.newOutputStream(work.resolve("events.txt")), true), msg -> System.out.println("bench: " + msg)))) {
            p.activateSampleGraph("bench1", Cache.defaultModel(), work.resolve("recordings"));
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (p.events().summary().detections().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            URI live = URI.create(p.consoleUrl().replace("/console/", "/api/console/live/bench1"));
            URI feed = URI.create(p.consoleUrl().replace("/console/", "/api/console/events/live"));
            HttpClient http = HttpClient.newHttpClient();

            cpu(p, 30); // warm-up (JIT, first clips), not counted
            Map<Service, Double> closed = cpu(p, seconds);
            AtomicBoolean watching = new AtomicBoolean(true);
            AtomicLong frames = new AtomicLong();
            Thread viewer = new Thread(() -> {
                long last = -1;
                while (watching.get()) {
                    try {
                        JsonNode r = Json.read(http.send(HttpRequest.newBuilder(live).build(),
                                HttpResponse.BodyHandlers.ofString()).body());
                        long t = r.path("frame").path("mediaTimeUs").asLong(-1);
                        if (t != last && t >= 0) {
                            frames.incrementAndGet();
                            last = t;
                        }
                        Thread.sleep(700);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        // keep polling, as the page does
                    }
                }
            }, "viewer");
            viewer.start();
            var sse = http.sendAsync(HttpRequest.newBuilder(feed).build(), HttpResponse.BodyHandlers.discarding());
            Thread.sleep(5000); // reader started, first frames in
            long framesBefore = frames.get();
            Map<Service, Double> open = cpu(p, seconds);
            double framesPerSecond = (frames.get() - framesBefore) / (double) seconds;
            watching.set(false);
            viewer.join();
            sse.cancel(true);
            Thread.sleep(20_000); // preview-idle (15 s): the frames reader stops
            Map<Service, Double> after = cpu(p, seconds);

            System.out.printf(Locale.ROOT, "console cost over %d s per phase (CPU %% of one core; 1 camera 768x576, extension images 2/s):%n", seconds);
            System.out.printf(Locale.ROOT, "  %-18s %10s %10s %10s%n", "service", "closed", "open", "closed");
            double[] totals = new double[3];
            for (Service s : Service.values()) {
                System.out.printf(Locale.ROOT, "  %-18s %9.1f%% %9.1f%% %9.1f%%%n", s.module(), closed.get(s), open.get(s), after.get(s));
                totals[0] += closed.get(s);
                totals[1] += open.get(s);
                totals[2] += after.get(s);
            }
            System.out.printf(Locale.ROOT, "  %-18s %9.1f%% %9.1f%% %9.1f%%%n", "all services", totals[0], totals[1], totals[2]);
            System.out.printf(Locale.ROOT, "machine: %d cores, load average %.1f (other work on the machine shows in every column)%n",
                    Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.printf(Locale.ROOT, "preview frames shown: %.2f/s; hub-bridge open - closed: %+.1f%% of one core (against the mean of both closed phases); sampler: %+.1f%%%n",
                    framesPerSecond, open.get(Service.HUB_BRIDGE) - (closed.get(Service.HUB_BRIDGE) + after.get(Service.HUB_BRIDGE)) / 2,
                    open.get(Service.SAMPLER) - (closed.get(Service.SAMPLER) + after.get(Service.SAMPLER)) / 2);
        }
    }

    /** CPU % of one core of each service over {@code seconds}. */
    static Map<Service, Double> cpu(LocalPipeline p, int seconds) throws Exception {
        Map<Service, Long> start = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            start.put(s, cpuNanos(p.pipeline().service(s).pid()));
        }
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double elapsed = System.nanoTime() - t0;
        Map<Service, Double> out = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            out.put(s, 100.0 * (cpuNanos(p.pipeline().service(s).pid()) - start.get(s)) / elapsed);
        }
        return out;
    }

    static long cpuNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
    }
}
