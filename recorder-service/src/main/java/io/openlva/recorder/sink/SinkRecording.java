package io.openlva.recorder.sink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.RuntimeError;
import io.openlva.graph.contract.Subjects;
import io.openlva.recorder.stream.SinkPlan;

/**
 * One recording by one sink: a gate activation (EVR) or a continuous run (CVR). A FileSink writes one MP4
 * per recording (or per segment), named by its pattern; an AssetSink writes a directory named by its
 * asset pattern holding MP4 segments of {@code segmentLength}. Files start at a keyframe and are cut only at
 * keyframes. Emits RecordingStarted / RecordingAvailable / RecordingStopped as LVA did.
 */
public final class SinkRecording {

    private static final Logger LOG = Logger.getLogger(SinkRecording.class);
    private static final DateTimeFormatter SEGMENT_NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Files being written by any recording in this process: the disk budget never deletes them. */
    private static final Set<Path> OPEN_FILES = ConcurrentHashMap.newKeySet();

    /** Shared services of all recordings. */
    public record Context(String lvaTopic, RecordingEvents events, RecorderMetrics metrics, NameExpander names,
            StoragePolicy storage) {

        public Context(String lvaTopic, RecordingEvents events, RecorderMetrics metrics, NameExpander names) {
            this(lvaTopic, events, metrics, names, StoragePolicy.DEFAULT);
        }
    }

    private final SinkPlan plan;
    private final Context ctx;
    private final SinkLedger ledger;
    private Path assetDir;
    private String assetName;
    private Mp4Writer writer;
    private long segmentStartUs;
    private long lastMediaTimeUs = -1;
    private long bytesCounted;
    private boolean started;
    private boolean available;
    private boolean failed;
    private int files;
    /** Storage failures in a row, and when the next file may be tried (System.nanoTime). */
    private int storageFailures;
    private long retryAtNanos;
    /** The file open() is starting, named in a storage error that happens before it has a writer. */
    private Path pendingFile;

    public SinkRecording(SinkPlan plan, Context ctx) {
        this.plan = plan;
        this.ctx = ctx;
        this.ledger = new SinkLedger(plan.directory(), plan.instance(), plan.node());
        ctx.metrics().recordingOpened();
    }

    public SinkPlan plan() {
        return plan;
    }

    /** The current or last file. */
    public Path currentFile() {
        return writer != null ? writer.file() : null;
    }

    public int files() {
        return files;
    }

    /** Adds a packet in media-time order; waits for a keyframe before the first file. */
    public void write(MediaPacket p) {
        if (failed) {
            ctx.metrics().packetDropped(plan.instance(), plan.node(), "failed");
            return;
        }
        if (writer == null && storageFailures > 0 && System.nanoTime() - retryAtNanos < 0) {
            ctx.metrics().packetDropped(plan.instance(), plan.node(), "storage");
            return;
        }
        try {
            if (writer == null) {
                if (!p.keyframe()) {
                    return;
                }
                open(p);
                storageFailures = 0;
            } else if (p.keyframe() && plan.segmentLength() != null
                    && p.mediaTimeUs() - segmentStartUs >= plan.segmentLength().toNanos() / 1000) {
                closeFile(p.mediaTimeUs());
                writer = null; // closed: a failure to open the next file must not end it twice
                open(p);
            }
            int fragmentsBefore = writer.fragments();
            writer.write(p);
            lastMediaTimeUs = p.mediaTimeUs();
            if (writer.fragments() != fragmentsBefore) {
                onFragment(p.mediaTimeUs());
            }
        } catch (IOException e) {
            storageFailed(e, p.mediaTimeUs());
        } catch (RuntimeException e) {
            failed = true;
            LOG.errorf("%s/%s: recording failed, stopping it: %s", plan.instance(), plan.node(), e.getMessage());
            closeQuietly();
            // not a bad input: the sink itself failed, and whoever watches the events learns it stopped
            ctx.events().publish(new RuntimeError(RuntimeError.NODE_FAILED, "recording stopped: "
                    + RuntimeError.describe(e)).event(ctx.lvaTopic(), plan.instance(),
                            Subjects.sink(plan.instance(), plan.node()), p.mediaTimeUs()));
        }
    }

    /**
     * Disk full, a read-only or vanished volume: the file ends here (RecordingStopped), StorageError says why, and a
     * new file is tried after a backoff; packets meanwhile are counted as dropped.
     */
    private void storageFailed(IOException e, long mediaTimeUs) {
        String location = writer != null ? location()
                : pendingFile != null ? pendingFile.toString() : plan.directory().toString();
        boolean hadFile = writer != null;
        closeQuietly();
        pendingFile = null;
        storageFailures++;
        java.time.Duration wait = ctx.storage().retryAfter(storageFailures);
        retryAtNanos = System.nanoTime() + wait.toNanos();
        ctx.metrics().storageError(plan.instance(), plan.node());
        LOG.errorf("%s/%s: storage error on %s, next file in %d ms: %s", plan.instance(), plan.node(), location,
                wait.toMillis(), e.getMessage());
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("errorCode", "StorageError");
        body.put("errorMessage", String.valueOf(e.getMessage()));
        body.put("outputType", plan.kind().outputType());
        body.put("outputLocation", location);
        body.put("retryAfterSeconds", wait.toMillis() / 1000.0);
        ctx.events().publish(GraphEvent.of(ctx.lvaTopic(), plan.instance(), Subjects.sink(plan.instance(), plan.node()),
                EventTypes.STORAGE_ERROR, mediaTimeUs, body));
        if (hadFile && started) {
            ctx.events().publish(RecordingEvents.event(ctx.lvaTopic(), plan, EventTypes.RECORDING_STOPPED, mediaTimeUs,
                    location));
            started = false;
            available = false;
        }
    }

    private void open(MediaPacket first) throws IOException {
        Instant wall = Instant.ofEpochMilli(first.captureTimeMs() > 0 ? first.captureTimeMs() : System.currentTimeMillis());
        Path file;
        if (plan.kind() == SinkPlan.Kind.ASSET) {
            if (assetDir == null) {
                assetName = ctx.names().expand(plan.namePattern(), wall);
                assetDir = unique(SafePaths.resolve(plan.directory(), assetName), "");
                assetName = assetDir.getFileName().toString();
                Files.createDirectories(assetDir);
            }
            file = unique(assetDir.resolve(SEGMENT_NAME.format(wall)), ".mp4");
        } else {
            String name = ctx.names().expand(plan.namePattern(), wall);
            if (name.endsWith(".mp4")) {
                name = name.substring(0, name.length() - 4);
            }
            file = unique(SafePaths.resolve(plan.directory(), name), ".mp4");
        }
        pendingFile = file;
        checkFreeSpace(file.getParent());
        ledger.add(file);
        try {
            writer = new Mp4Writer(file, first);
        } catch (IOException e) {
            // not even the header fitted: no half file is left, and the error names the file
            Files.deleteIfExists(file);
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        OPEN_FILES.add(file.toAbsolutePath().normalize());
        files++;
        segmentStartUs = first.mediaTimeUs();
        bytesCounted = writer.bytes();
        ctx.metrics().bytesWritten(bytesCounted);
        if (!started || plan.kind() == SinkPlan.Kind.FILE) {
            started = true;
            available = false;
            ctx.events().publish(RecordingEvents.event(ctx.lvaTopic(), plan, EventTypes.RECORDING_STARTED,
                    first.mediaTimeUs(), location()));
        }
        LOG.debugf("%s/%s: writing %s", plan.instance(), plan.node(), file);
    }

    private void onFragment(long mediaTimeUs) {
        long b = writer.bytes();
        ctx.metrics().bytesWritten(b - bytesCounted);
        bytesCounted = b;
        if (!available) {
            available = true;
            ctx.events().publish(RecordingEvents.event(ctx.lvaTopic(), plan, EventTypes.RECORDING_AVAILABLE, mediaTimeUs,
                    location()));
        }
        enforceBudget();
    }

    /** The global guard: no new file while the volume is nearly full (it may be shared with the system). */
    private void checkFreeSpace(Path dir) throws IOException {
        long min = ctx.storage().minimumFreeBytes();
        if (min > 0) {
            Files.createDirectories(dir);
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < min) {
                throw new IOException("only " + free / (1024 * 1024) + " MiB free on the volume of " + dir
                        + ", below openlva.recorder.minimum-free-space (" + min / (1024 * 1024) + " MiB)");
            }
        }
    }

    private String location() {
        return plan.kind() == SinkPlan.Kind.ASSET ? assetName : writer.file().toString();
    }

    private void closeFile(long mediaTimeUs) throws IOException {
        Path file = writer.file();
        String location = location();
        try {
            writer.close();
        } finally {
            OPEN_FILES.remove(file.toAbsolutePath().normalize());
        }
        ctx.metrics().bytesWritten(writer.bytes() - bytesCounted);
        bytesCounted = 0;
        if (plan.kind() == SinkPlan.Kind.FILE) {
            if (!available) {
                ctx.events().publish(RecordingEvents.event(ctx.lvaTopic(), plan, EventTypes.RECORDING_AVAILABLE,
                        mediaTimeUs, location));
            }
            ctx.events().publish(RecordingEvents.event(ctx.lvaTopic(), plan, EventTypes.RECORDING_STOPPED, mediaTimeUs,
                    location));
        }
        enforceBudget();
    }

    /** Finishes the file(s) so they play to the end; the last event is RecordingStopped. */
    public void close() {
        ctx.metrics().recordingClosed();
        if (writer == null || failed) {
            return;
        }
        try {
            long end = lastMediaTimeUs;
            boolean wasAvailable = available;
            closeFile(end);
            if (plan.kind() == SinkPlan.Kind.ASSET) {
                if (!wasAvailable) {
                    ctx.events().publish(RecordingEvents.event(ctx.lvaTopic(), plan, EventTypes.RECORDING_AVAILABLE, end,
                            assetName));
                }
                ctx.events().publish(RecordingEvents.event(ctx.lvaTopic(), plan, EventTypes.RECORDING_STOPPED, end,
                        assetName));
            }
        } catch (IOException | RuntimeException e) {
            LOG.errorf("%s/%s: cannot finish %s: %s", plan.instance(), plan.node(), writer.file(), e.getMessage());
        }
        writer = null;
    }

    private void closeQuietly() {
        if (writer != null) {
            Path file = writer.file();
            try {
                writer.close();
            } catch (IOException | RuntimeException ignored) {
                // already failing
            } finally {
                OPEN_FILES.remove(file.toAbsolutePath().normalize());
                writer = null;
            }
        }
    }

    private void enforceBudget() {
        Path dir = plan.directory();
        String sinkKey = plan.instance() + "/" + plan.node();
        if (plan.maxBytes() != null) {
            DiskBudget.Result r = DiskBudget.enforce(ledger, plan.maxBytes(), OPEN_FILES);
            ctx.metrics().diskUse(sinkKey, r.totalBytes());
        } else if (writer == null || writer.fragments() <= 1) {
            // no budget: measure only now and then (stat-ing every file is not free)
            ctx.metrics().diskUse(sinkKey, DiskBudget.usage(ledger));
        }
    }

    /** {@code base + ext}, or {@code base-1 + ext}... when a file of that name exists already (e.g. after a restart). */
    private static Path unique(Path base, String ext) {
        Path p = base.resolveSibling(base.getFileName() + ext);
        for (int i = 1; Files.exists(p) || OPEN_FILES.contains(p.toAbsolutePath().normalize()); i++) {
            p = base.resolveSibling(base.getFileName() + "-" + i + ext);
        }
        return p;
    }
}
