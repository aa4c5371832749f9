package io.openlva.recorder.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import jakarta.inject.Singleton;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.jboss.logging.Logger;

import io.openlva.graph.follow.GraphSnapshot;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.Topology;
import io.openlva.graph.resolve.GraphResolver;
import io.openlva.graph.validate.GraphValidationException;
import io.openlva.recorder.app.RecorderApp;
import io.openlva.recorder.graph.RecordingPlans;
import io.openlva.recorder.stream.GatePlan;
import io.openlva.recorder.stream.SinkPlan;
import io.openlva.recorder.stream.StreamPlan;
import io.openlva.runtime.ServiceStartup;

/**
 * The clips and asset segments this recorder may serve: MP4 files under the directory of a FileSink or AssetSink of
 * any instance in the graph (active or not, so clips stay reachable after a deactivation). Nothing outside those
 * directories is ever listed or served.
 */
@Singleton
public class RecordingFiles {

    private static final Logger LOG = Logger.getLogger(RecordingFiles.class);
    private static final int MAX_DEPTH = 4;

    /** One file: where it is, which sink wrote it, its size and its media length. */
    public record Recording(String path, String instance, String node, String outputType, long size, Instant modified,
            Instant start, double lengthSeconds) {
    }

    private record Root(Path directory, SinkPlan sink) {
    }

    private record Probed(long size, Instant modified, double lengthSeconds) {
    }

    private final ServiceStartup startup;
    private final RecordingPlans.Defaults defaults;
    private final Map<Path, Probed> lengths = new ConcurrentHashMap<>();

    public RecordingFiles(ServiceStartup startup, RecorderApp app) {
        this.startup = startup;
        this.defaults = app.defaults();
    }

    /** Newest first. */
    public List<Recording> list() {
        List<Recording> out = new ArrayList<>();
        for (Root root : roots()) {
            if (!Files.isDirectory(root.directory())) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root.directory(), MAX_DEPTH)) {
                files.filter(p -> p.getFileName().toString().endsWith(".mp4") && Files.isRegularFile(p))
                        .forEach(p -> describe(p, root.sink()).ifPresent(out::add));
            } catch (IOException | UncheckedIOException e) {
                LOG.debugf("listing %s: %s", root.directory(), e.getMessage());
            }
        }
        out.sort(Comparator.comparing(Recording::modified).reversed());
        return out;
    }

    /** The file at {@code path} when it lies under a sink directory of the graph; empty otherwise. */
    public Optional<Path> servable(String path) {
        if (path == null || path.isBlank() || !path.endsWith(".mp4")) {
            return Optional.empty();
        }
        Path p = Path.of(path).toAbsolutePath().normalize();
        for (Root root : roots()) {
            if (p.startsWith(root.directory()) && !p.equals(root.directory()) && Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Sink directories of every instance that resolves, one entry per directory (the first sink naming it). */
    private List<Root> roots() {
        GraphSnapshot graph = startup.graph();
        Map<Path, Root> roots = new LinkedHashMap<>();
        for (Instance instance : graph.instances().values()) {
            Topology topology = graph.topologies().get(instance.topologyName());
            if (topology == null) {
                continue;
            }
            try {
                for (StreamPlan plan : RecordingPlans.of(GraphResolver.resolve(topology, instance), defaults)) {
                    List<SinkPlan> sinks = new ArrayList<>(plan.continuous());
                    plan.gates().stream().map(GatePlan::sinks).forEach(sinks::addAll);
                    for (SinkPlan s : sinks) {
                        Path dir = s.directory().toAbsolutePath().normalize();
                        roots.putIfAbsent(dir, new Root(dir, s));
                    }
                }
            } catch (GraphValidationException | IllegalArgumentException e) {
                LOG.debugf("instance '%s' has no recordings to list: %s", instance.name(), e.getMessage());
            }
        }
        return List.copyOf(roots.values());
    }

    private Optional<Recording> describe(Path file, SinkPlan sink) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            Instant modified = a.lastModifiedTime().toInstant();
            Probed probed = lengths.compute(file, (k, old) -> old != null && old.size() == a.size()
                    && old.modified().equals(modified) ? old : new Probed(a.size(), modified, lengthSeconds(file)));
            long lengthMs = Math.round(probed.lengthSeconds() * 1000);
            return Optional.of(new Recording(file.toString(), sink.instance(), sink.node(), sink.kind().outputType(),
                    a.size(), modified, modified.minusMillis(lengthMs), probed.lengthSeconds()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Media length from the container (fragmented MP4 included); 0 for a file still being written or unreadable. */
    private static double lengthSeconds(Path file) {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            long us = g.getLengthInTime();
            g.stop();
            return us > 0 ? us / 1e6 : 0;
        } catch (Exception e) {
            return 0;
        }
    }
}
