package io.openlva.sampler.flow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Inferences;
import io.openlva.graph.contract.Inferences.Box;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Subjects;
import io.openlva.sampler.flow.StreamPlan.ExtensionStep;
import io.openlva.sampler.flow.StreamPlan.MotionStep;
import io.openlva.sampler.flow.StreamPlan.RateStep;
import io.openlva.sampler.flow.StreamPlan.Step;
import io.openlva.sampler.image.ImagePreparer.GreyImage;
import io.openlva.sampler.image.PreparedImage;
import io.openlva.sampler.motion.MotionAggregator;
import io.openlva.sampler.motion.MotionAggregator.MotionEvent;
import io.openlva.sampler.motion.MotionDetector;
import io.openlva.sampler.sampling.SampleClock;

/**
 * The running state of one stream's plan: a sample clock per rate limit, a detector per motion node. Each
 * decoded frame walks the steps in order; a frame reaches a step when any of its inputs passed it, carrying
 * the inferences attached on the way (motion regions). Also answers the decoder's question: from which
 * media time on could any step use a frame at all.
 */
public final class StreamFlow {

    private final StreamPlan plan;
    private final String eventTopic;
    private final List<Runtime> steps = new ArrayList<>();

    public StreamFlow(StreamPlan plan, String eventTopic) {
        this.plan = plan;
        this.eventTopic = eventTopic;
        for (Step s : plan.steps()) {
            SampleClock clock = null;
            if (s instanceof RateStep r) {
                clock = new SampleClock(r.maximumFps());
            } else if (s instanceof ExtensionStep e && e.maximumSamplesPerSecond() != null) {
                clock = new SampleClock(e.maximumSamplesPerSecond());
            }
            steps.add(new Runtime(s, clock));
        }
    }

    public StreamPlan plan() {
        return plan;
    }

    private static final class Runtime {
        final Step step;
        final SampleClock clock;
        MotionDetector detector;
        MotionAggregator aggregator;

        Runtime(Step step, SampleClock clock) {
            this.step = step;
            this.clock = clock;
            if (step instanceof MotionStep m) {
                aggregator = new MotionAggregator(m.aggregationWindowUs());
            }
        }
    }

    /**
     * Earliest media time any step could take a frame at: {@link Long#MIN_VALUE} when frames are needed
     * now (motion detection, an unlimited extension), {@link Long#MAX_VALUE} when nothing takes frames.
     */
    public long neededFromUs() {
        Map<String, Long> need = new HashMap<>();
        need.put(plan.sourceNode(), Long.MIN_VALUE);
        long stream = Long.MAX_VALUE;
        for (Runtime r : steps) {
            long in = Long.MAX_VALUE;
            for (String i : r.step.inputs()) {
                in = Math.min(in, need.getOrDefault(i, Long.MAX_VALUE));
            }
            long own = in;
            boolean everyFrame = r.step instanceof ExtensionStep e && e.feedsTracker(); // time-only between samples
            if (r.clock != null && in != Long.MAX_VALUE && !everyFrame) {
                own = Math.max(in, r.clock.earliestNextUs());
            }
            if (r.step instanceof ExtensionStep e && e.skipSamplesWithoutAnnotation() && !annotated(r.step, need)) {
                own = Long.MAX_VALUE; // nothing upstream can annotate a frame: it would never be sent
            }
            need.put(r.step.name(), own);
            if (!(r.step instanceof RateStep)) {
                stream = Math.min(stream, own);
            }
        }
        return stream;
    }

    /** Whether a motion step lies upstream of this step. */
    private boolean annotated(Step step, Map<String, Long> seen) {
        for (String i : step.inputs()) {
            for (Runtime r : steps) {
                if (r.step.name().equals(i) && (r.step instanceof MotionStep || annotated(r.step, seen))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Runs one decoded frame through the steps. */
    public void process(FrameView frame, FlowOutput out) {
        long t = frame.mediaTimeUs();
        Map<String, List<ObjectNode>> passed = new HashMap<>();
        passed.put(plan.sourceNode(), List.of());
        for (Runtime r : steps) {
            List<ObjectNode> in = null;
            for (String i : r.step.inputs()) {
                List<ObjectNode> p = passed.get(i);
                if (p != null) {
                    if (in == null) {
                        in = new ArrayList<>(p);
                    } else {
                        in.addAll(p);
                    }
                }
            }
            if (in == null) {
                continue;
            }
            List<ObjectNode> out1;
            if (r.step instanceof MotionStep motion) {
                out1 = motion(r, motion, frame, in, out);
            } else if (r.step instanceof ExtensionStep ext) {
                out1 = extension(r, ext, frame, in, out);
            } else {
                out1 = r.clock.accept(t) ? in : null;
            }
            if (out1 != null) {
                passed.put(r.step.name(), out1);
            }
        }
    }

    private List<ObjectNode> motion(Runtime r, MotionStep step, FrameView frame, List<ObjectNode> in,
            FlowOutput out) {
        GreyImage grey = frame.grey();
        if (r.detector == null || r.detector.width() != grey.width() || r.detector.height() != grey.height()) {
            r.detector = new MotionDetector(grey.width(), grey.height(), step.settings());
        }
        List<Box> regions = r.detector.detect(grey.pixels(), grey.stride(), frame.mediaTimeUs());
        for (MotionEvent e : r.aggregator.offer(frame.mediaTimeUs(), regions)) {
            out.event(motionEvent(step, e));
        }
        if (regions.isEmpty()) {
            return null; // only frames with motion go on downstream
        }
        List<ObjectNode> annotated = new ArrayList<>(in);
        annotated.addAll(motionInferences(step, regions));
        return annotated;
    }

    private List<ObjectNode> extension(Runtime r, ExtensionStep step, FrameView frame, List<ObjectNode> in,
            FlowOutput out) {
        boolean sampled = !(step.skipSamplesWithoutAnnotation() && in.isEmpty())
                && (r.clock == null || r.clock.accept(frame.mediaTimeUs()));
        if (!sampled) {
            if (step.feedsTracker()) {
                // the tracker moves its tracks on this frame: its media time is enough, no image is made
                out.frame(MediaFrame.timeOnly(new StreamKey(plan.instance(), step.name()), plan.sourceNode(),
                        frame.mediaTimeUs(), frame.captureTimeMs(), frame.width(), frame.height(), null), step.spread());
            }
            return null;
        }
        PreparedImage image = frame.image(step.image());
        String inferences = null;
        if (!in.isEmpty()) {
            ArrayNode arr = Json.mapper().createArrayNode();
            in.forEach(arr::add);
            inferences = Json.writeString(arr);
        }
        out.frame(new MediaFrame(new StreamKey(plan.instance(), step.name()), plan.sourceNode(),
                frame.mediaTimeUs(), frame.captureTimeMs(), image.contentType(), image.pixelFormatName(),
                image.width(), image.height(), frame.width(), frame.height(), step.image().scaleModeName(),
                inferences, image.data()), step.spread());
        return in;
    }

    /** Ends the stream: motion held in an aggregation window is emitted. */
    public void close(FlowOutput out) {
        for (Runtime r : steps) {
            if (r.step instanceof MotionStep m) {
                r.aggregator.flush().ifPresent(e -> out.event(motionEvent(m, e)));
            }
        }
    }

    private GraphEvent motionEvent(MotionStep step, MotionEvent e) {
        ArrayNode inferences = Json.mapper().createArrayNode();
        motionInferences(step, e.regions()).forEach(inferences::add);
        return GraphEvent.of(eventTopic, plan.instance(), Subjects.processor(plan.instance(), step.name()),
                EventTypes.INFERENCE, e.mediaTimeUs(), Inferences.body(e.mediaTimeUs(), inferences));
    }

    private static List<ObjectNode> motionInferences(MotionStep step, List<Box> regions) {
        List<ObjectNode> list = new ArrayList<>();
        if (step.outputMotionRegion()) {
            regions.forEach(b -> list.add(Inferences.motion(b)));
        } else {
            ObjectNode inf = Json.mapper().createObjectNode();
            inf.put("type", "motion");
            inf.putObject("motion"); // motion without its regions, as LVA with outputMotionRegion=false
            list.add(inf);
        }
        return list;
    }
}
