package io.openlva.sampler.stream;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONREF;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.jboss.logging.Logger;

import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;
import io.openlva.sampler.decode.DecodeException;
import io.openlva.sampler.decode.VideoDecoder;
import io.openlva.sampler.flow.FlowOutput;
import io.openlva.sampler.flow.FrameView;
import io.openlva.sampler.flow.StreamFlow;
import io.openlva.sampler.flow.StreamPlan;
import io.openlva.sampler.image.ImagePreparer;
import io.openlva.sampler.image.ImagePreparer.GreyImage;
import io.openlva.sampler.image.ImageRequest;
import io.openlva.sampler.image.PreparedImage;
import io.openlva.sampler.image.ScaleAlgorithm;
import io.openlva.sampler.sampling.DecodeDecision;
import io.openlva.sampler.sampling.DecodePolicy;
import io.openlva.sampler.stream.StreamMetrics.DropReason;

/**
 * One stream on this replica: packets in, in order; the decoder starts at a keyframe (again after a session
 * change or a damaged packet), decodes only what the plan can use, and runs each frame through the plan.
 * Owned by one consumer thread; not thread-safe.
 */
public final class StreamWorker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StreamWorker.class);
    /**
     * Bounds of the deferred packets: a GOP of a 1080p camera is well below both; a longer one is decoded as it
     * comes once they are reached, so a stream never holds more.
     */
    static final int MAX_DEFERRED_PACKETS = 300;
    static final long MAX_DEFERRED_BYTES = 8L << 20;

    private final StreamKey stream;
    private final int decoderThreads;
    private final String eventTopic;
    private final FlowOutput output;
    private final StreamMetrics metrics;
    private final DecodePolicy policy = new DecodePolicy();
    private final ImagePreparer images;
    /** Capture times of packets in the decoder, by media time (frames leave in order, a few behind). */
    private final LinkedHashMap<Long, Long> captureTimes = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > 64;
        }
    };
    /** Packets held by {@link DecodeDecision#DEFER}, in decode order. */
    private final ArrayDeque<MediaPacket> deferred = new ArrayDeque<>();
    private long deferredBytes;
    private final ThrottledLog problems = new ThrottledLog(LOG);
    private StreamFlow flow;
    private VideoDecoder decoder;
    private String sessionId;
    private boolean awaitingKeyframe = true;

    public StreamWorker(StreamKey stream, StreamPlan plan, int decoderThreads, String eventTopic, FlowOutput output,
            StreamMetrics metrics) {
        this(stream, plan, decoderThreads, ScaleAlgorithm.FAST_BILINEAR, eventTopic, output, metrics);
    }

    public StreamWorker(StreamKey stream, StreamPlan plan, int decoderThreads, ScaleAlgorithm scaleAlgorithm,
            String eventTopic, FlowOutput output, StreamMetrics metrics) {
        this.stream = stream;
        this.images = new ImagePreparer(scaleAlgorithm);
        this.decoderThreads = decoderThreads;
        this.eventTopic = eventTopic;
        this.metrics = metrics;
        this.output = new FlowOutput() {
            @Override
            public void frame(MediaFrame frame, boolean spread) {
                metrics.sampled();
                output.frame(frame, spread);
            }

            @Override
            public void event(GraphEvent event) {
                output.event(event);
            }
        };
        this.flow = new StreamFlow(plan, eventTopic);
    }

    public StreamKey stream() {
        return stream;
    }

    /** A new plan for this stream (the graph changed); sampling state restarts only if the plan differs. */
    public void plan(StreamPlan plan) {
        if (plan != flow.plan() && !plan.equals(flow.plan())) {
            flow.close(output);
            flow = new StreamFlow(plan, eventTopic);
        }
    }

    public void onPacket(MediaPacket packet) {
        if (!Objects.equals(packet.sessionId(), sessionId)) {
            if (sessionId != null) {
                LOG.infof("stream %s: new session %s, decoder reset", stream, packet.sessionId());
            }
            sessionId = packet.sessionId();
            dropDeferred();
            closeDecoder();
            policy.reset();
            awaitingKeyframe = true;
        }
        if (awaitingKeyframe && !packet.keyframe()) {
            metrics.dropped(DropReason.AWAITING_KEYFRAME);
            return;
        }
        long needed = flow.neededFromUs();
        if (needed == Long.MAX_VALUE) {
            metrics.skipped(); // no node of ours takes frames from this stream
            dropDeferred();
            closeDecoder();
            awaitingKeyframe = true;
            return;
        }
        DecodeDecision decision = policy.decide(packet.mediaTimeUs(), packet.keyframe(), needed);
        if (packet.keyframe()) {
            dropDeferred(); // decoding can start here: nothing before it is needed any more
        }
        if (decision == DecodeDecision.DEFER) {
            defer(packet);
            return;
        }
        decodeDeferred();
        decode(packet, decision == DecodeDecision.DECODE_REFERENCE_ONLY);
    }

    private void defer(MediaPacket packet) {
        deferred.add(packet);
        deferredBytes += packet.data().length;
        awaitingKeyframe = false; // the packets after a deferred keyframe build on it
        while (deferred.size() > MAX_DEFERRED_PACKETS || deferredBytes > MAX_DEFERRED_BYTES) {
            decode(pollDeferred(), true); // a very long GOP: decode as it comes rather than hold it all
        }
    }

    private MediaPacket pollDeferred() {
        MediaPacket p = deferred.poll();
        deferredBytes -= p.data().length;
        return p;
    }

    /** A frame after the deferred packets is needed: decode them first, in order, as references. */
    private void decodeDeferred() {
        while (!deferred.isEmpty()) {
            MediaPacket p = pollDeferred();
            decode(p, policy.early(p.mediaTimeUs(), flow.neededFromUs()));
        }
    }

    private void dropDeferred() {
        while (!deferred.isEmpty()) {
            pollDeferred();
            metrics.skipped();
        }
    }

    private void decode(MediaPacket packet, boolean referenceOnly) {
        long t = packet.mediaTimeUs();
        if (packet.keyframe()) {
            if (decoder == null || !decoder.matches(packet.codec(), packet.codecConfig())) {
                closeDecoder();
                try {
                    decoder = new VideoDecoder(packet.codec(), packet.codecConfig(), decoderThreads);
                } catch (RuntimeException e) {
                    problems.warn(stream.toString(), "stream %s: cannot open a decoder at %d µs: %s", stream, t,
                            e.getMessage());
                    metrics.dropped(DropReason.CORRUPT);
                    awaitingKeyframe = true;
                    return;
                }
            }
            awaitingKeyframe = false;
        } else if (decoder == null || awaitingKeyframe) {
            metrics.dropped(DropReason.AWAITING_KEYFRAME); // a deferred packet after damage
            awaitingKeyframe = true;
            return;
        }
        decoder.skipFrame(referenceOnly ? AVDISCARD_NONREF : AVDISCARD_DEFAULT);
        captureTimes.put(t, packet.captureTimeMs());
        long start = System.nanoTime();
        try {
            decoder.decode(packet.data(), packet.data().length, t, packet.keyframe(), this::onFrame);
        } catch (DecodeException e) {
            damaged(e.getMessage());
        } finally {
            metrics.decodeTime(System.nanoTime() - start);
        }
    }

    private void damaged(String why) {
        metrics.dropped(DropReason.CORRUPT);
        problems.warn(stream.toString(), "stream %s: %s; waiting for the next keyframe", stream, why);
        decoder.flush();
        awaitingKeyframe = true;
    }

    private void onFrame(AVFrame frame, long mediaTimeUs) {
        metrics.decoded();
        Long capture = captureTimes.remove(mediaTimeUs);
        AvFrameView view = new AvFrameView(frame, mediaTimeUs, capture == null ? System.currentTimeMillis() : capture);
        try {
            flow.process(view, output);
        } catch (RuntimeException e) {
            metrics.dropped(DropReason.PROCESSING_ERROR);
            problems.warn(stream.toString(), e, "stream %s: frame at %d µs not processed: %s", stream, mediaTimeUs,
                    e.getMessage());
        }
    }

    /** Ends the stream on this replica (partition moved, instance deactivated). */
    @Override
    public void close() {
        flow.close(output);
        closeDecoder();
        images.close();
        metrics.close();
    }

    private void closeDecoder() {
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
        captureTimes.clear();
    }

    /** Frame access with per-frame caching of conversions. */
    private final class AvFrameView implements FrameView {
        private final AVFrame frame;
        private final long mediaTimeUs;
        private final long captureTimeMs;
        private GreyImage grey;
        private Map<ImageRequest, PreparedImage> prepared;

        AvFrameView(AVFrame frame, long mediaTimeUs, long captureTimeMs) {
            this.frame = frame;
            this.mediaTimeUs = mediaTimeUs;
            this.captureTimeMs = captureTimeMs;
        }

        @Override
        public long mediaTimeUs() {
            return mediaTimeUs;
        }

        @Override
        public long captureTimeMs() {
            return captureTimeMs;
        }

        @Override
        public int width() {
            return frame.width();
        }

        @Override
        public int height() {
            return frame.height();
        }

        @Override
        public GreyImage grey() {
            if (grey == null) {
                grey = images.grey(frame);
            }
            return grey;
        }

        @Override
        public PreparedImage image(ImageRequest request) {
            if (prepared == null) {
                prepared = new HashMap<>(4);
            }
            return prepared.computeIfAbsent(request, r -> images.prepare(frame, r));
        }
    }
}
