package io.openlva.inference.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.Inferences;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.model.OnnxExtension;
import io.openlva.inference.image.FrameGeometry;
import io.openlva.inference.image.ImageDecoder;
import io.openlva.inference.image.RgbImage;
import io.openlva.inference.node.FrameDroppedException;
import io.openlva.inference.node.NodeRunner;

/** The built-in {@code #OpenLva.OnnxExtension} node: decode the frame, run the model, entity inferences. */
public final class OnnxExtensionRunner implements NodeRunner {

    private final OnnxModel model;
    private final OutputDecoder.DecodeSettings settings;
    private final LongConsumer modelTime;

    public OnnxExtensionRunner(OnnxModel model, double confidenceThreshold, double nmsThreshold, LongConsumer modelTime) {
        this.model = model;
        this.settings = new OutputDecoder.DecodeSettings((float) confidenceThreshold, (float) nmsThreshold,
                OutputDecoder.DecodeSettings.DEFAULT_MAX_DETECTIONS);
        this.modelTime = modelTime;
    }

    public static OnnxExtensionRunner of(OnnxExtension node, ModelCache models, LongConsumer modelTime) {
        String path = node.modelPath() == null || node.modelPath().isBlank() ? models.defaultModelPath() : node.modelPath();
        OnnxModel model = models.get(path, node.modelFamily(), node.inputWidth(), node.inputHeight(), node.labels());
        return new OnnxExtensionRunner(model, node.confidenceThreshold(), node.nmsThreshold(), modelTime);
    }

    @Override
    public Optional<ObjectNode> infer(MediaFrame frame) {
        List<Inferences.Entity> entities;
        try {
            entities = detect(frame);
        } catch (ModelFailedException e) {
            throw new FrameDroppedException("model-error", "frame at media time " + frame.mediaTimeUs() + " us: " + e.getMessage(), e);
        }
        if (entities.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Inferences.body(frame.mediaTimeUs(), Inferences.entities(entities)));
    }

    /** Entities on the original frame (normalized 0–1, letterbox bars removed). */
    public List<Inferences.Entity> detect(MediaFrame frame) {
        RgbImage image = ImageDecoder.decode(frame.data(), frame.contentType(), frame.pixelFormat(), frame.width(), frame.height());
        FrameGeometry geometry = new FrameGeometry(image.width(), image.height(), frame.scaleMode(), frame.sourceWidth(),
                frame.sourceHeight());
        return detect(image, geometry);
    }

    public List<Inferences.Entity> detect(RgbImage image, FrameGeometry geometry) {
        OnnxModel.Result result = model.detect(image, settings);
        modelTime.accept(result.modelNanos());
        List<Inferences.Entity> entities = new ArrayList<>(result.detections().size());
        for (Detection d : result.detections()) {
            Inferences.Box box = geometry.normalize(d.x1(), d.y1(), d.x2(), d.y2());
            if (box.w() > 0 && box.h() > 0) {
                entities.add(new Inferences.Entity(model.label(d.classId()), d.score(), box));
            }
        }
        return entities;
    }

    public OnnxModel model() {
        return model;
    }
}
