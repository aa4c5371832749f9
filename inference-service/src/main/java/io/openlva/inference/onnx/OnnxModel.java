package io.openlva.inference.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.IntBuffer;
import java.nio.DoubleBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.openlva.inference.image.Letterbox;
import io.openlva.inference.image.Preprocessor;
import io.openlva.inference.image.RgbImage;

/**
 * One loaded ONNX model (an ONNX Runtime session, thread-safe) with its input size, output decoder and labels.
 * Shared by every node and the /score endpoint that use the same file and thread settings.
 */
public final class OnnxModel implements AutoCloseable {

    private static final Pattern ULTRALYTICS_NAME = Pattern.compile("(\\d+)\\s*:\\s*['\"]([^'\"]*)['\"]");

    private final Path path;
    private final OrtSession session;
    private final String inputName;
    private final int inputWidth;
    private final int inputHeight;
    private final OutputDecoder decoder;
    private final List<String> labels;
    /** Output shapes when every output is a float tensor of fixed shape (then pinned), else null. */
    private final Map<String, long[]> fixedOutputs;
    private final java.util.Deque<Workspace> idle = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final java.util.Set<Workspace> all = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Result of one run: detections in image pixel corners, and the time spent in ONNX Runtime. */
    public record Result(List<Detection> detections, long modelNanos) {
    }

    private OnnxModel(Path path, OrtSession session, String inputName, int inputWidth, int inputHeight,
            OutputDecoder decoder, List<String> labels, Map<String, long[]> fixedOutputs) {
        this.path = path;
        this.session = session;
        this.inputName = inputName;
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.decoder = decoder;
        this.labels = labels;
        this.fixedOutputs = fixedOutputs;
    }

    /**
     * Loads a model.
     *
     * @param family modelFamily (auto when null)
     * @param inputWidth input width when the model's is dynamic (null: the model's, else 640)
     * @param labels labels to use; empty: the model's own metadata names, else COCO's 80
     * @param intraOpThreads ONNX Runtime intra-op threads (0 = its default)
     * @param interOpThreads ONNX Runtime inter-op threads (0 = its default)
     */
    public static OnnxModel load(Path path, String family, Integer inputWidth, Integer inputHeight, List<String> labels,
            int intraOpThreads, int interOpThreads) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("model file not found: " + path);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // No busy-waiting between runs: the frame loop decodes and publishes on the same cores meanwhile.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            if (interOpThreads > 0) {
                options.setInterOpNumThreads(interOpThreads);
            }
            OrtSession session = env.createSession(path.toString(), options);
            try {
                Map.Entry<String, NodeInfo> input = session.getInputInfo().entrySet().iterator().next();
                long[] inShape = ((TensorInfo) input.getValue().getInfo()).getShape();
                if (inShape.length != 4 || (inShape[1] > 0 && inShape[1] != 3)) {
                    throw new IllegalArgumentException("model input must be NCHW RGB [1,3,H,W], got "
                            + java.util.Arrays.toString(inShape));
                }
                int h = inShape[2] > 0 ? (int) inShape[2] : inputHeight != null ? inputHeight : 640;
                int w = inShape[3] > 0 ? (int) inShape[3] : inputWidth != null ? inputWidth : 640;
                List<long[]> shapes = new ArrayList<>();
                List<String> names = new ArrayList<>();
                Map<String, long[]> fixed = new LinkedHashMap<>();
                for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
                    names.add(e.getKey());
                    shapes.add(e.getValue().getInfo() instanceof TensorInfo ti ? ti.getShape() : new long[0]);
                    if (fixed != null && e.getValue().getInfo() instanceof TensorInfo ti
                            && ti.type == ai.onnxruntime.OnnxJavaType.FLOAT && java.util.Arrays.stream(ti.getShape()).allMatch(d -> d > 0)) {
                        fixed.put(e.getKey(), ti.getShape());
                    } else {
                        fixed = null;
                    }
                }
                OutputDecoder decoder = Decoders.select(family, shapes, names);
                List<String> effectiveLabels = labels != null && !labels.isEmpty() ? List.copyOf(labels)
                        : modelLabels(session).orElseGet(CocoLabels::all);
                return new OnnxModel(path, session, input.getKey(), w, h, decoder, effectiveLabels, fixed);
            } catch (RuntimeException | OrtException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new IllegalArgumentException("cannot load ONNX model " + path + ": " + e.getMessage(), e);
        }
    }

    /** Ultralytics exports keep their class names in the metadata as {@code {0: 'person', ...}}. */
    private static java.util.Optional<List<String>> modelLabels(OrtSession session) {
        try {
            String names = session.getMetadata().getCustomMetadata().get("names");
            if (names == null) {
                return java.util.Optional.empty();
            }
            Map<Integer, String> byId = new LinkedHashMap<>();
            Matcher m = ULTRALYTICS_NAME.matcher(names);
            while (m.find()) {
                byId.put(Integer.parseInt(m.group(1)), m.group(2));
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; byId.containsKey(i); i++) {
                out.add(byId.get(i));
            }
            return out.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(out);
        } catch (OrtException e) {
            return java.util.Optional.empty();
        }
    }

    public Result detect(RgbImage image, OutputDecoder.DecodeSettings settings) {
        Workspace w = borrow();
        try {
            Letterbox lb = Preprocessor.toTensor(image, inputWidth, inputHeight, w.input);
            long start = System.nanoTime();
            List<NamedTensor> outputs = w.run();
            long modelNanos = System.nanoTime() - start;
            List<Detection> raw = decoder.decode(outputs, settings, inputWidth, inputHeight);
            List<Detection> mapped = new ArrayList<>(raw.size());
            for (Detection d : raw) {
                mapped.add(new Detection(d.classId(), d.score(), (float) lb.toImageX(d.x1()), (float) lb.toImageY(d.y1()),
                        (float) lb.toImageX(d.x2()), (float) lb.toImageY(d.y2())));
            }
            return new Result(mapped, modelNanos);
        } catch (OrtException e) {
            throw new ModelFailedException("ONNX Runtime failed on " + path.getFileName() + ": " + e.getMessage(), e);
        } finally {
            release(w);
        }
    }

    /** Runs the model once on a prepared input (the bare-loop benchmark and warm-up use it). */
    public long runRaw(FloatBuffer prepared) {
        try (OnnxTensor input = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), prepared,
                new long[] {1, 3, inputHeight, inputWidth})) {
            long start = System.nanoTime();
            try (OrtSession.Result r = session.run(Map.of(inputName, input))) {
                return System.nanoTime() - start;
            }
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private Workspace borrow() {
        if (closed) {
            throw new IllegalStateException("model " + path.getFileName() + " is closed");
        }
        Workspace w = idle.pollFirst();
        if (w == null) {
            try {
                w = new Workspace();
            } catch (OrtException e) {
                throw new IllegalStateException("cannot allocate tensors for " + path.getFileName() + ": " + e.getMessage(), e);
            }
            all.add(w);
        }
        return w;
    }

    private void release(Workspace w) {
        if (!closed) {
            // most recently used first: a single frame loop keeps reusing one workspace (warm in cache)
            idle.offerFirst(w);
        }
    }

    /**
     * The tensors of one run, reused from frame to frame: the input tensor wraps a direct buffer the preprocessor
     * fills in place, and outputs of a fixed shape are pinned to direct buffers ONNX Runtime writes into, so a frame
     * allocates no tensor and copies each output once. A run borrows one; concurrent runs (several /score requests)
     * each get their own.
     */
    private final class Workspace implements AutoCloseable {
        final FloatBuffer input;
        final OnnxTensor inputTensor;
        final Map<String, OnnxTensor> pinned = new LinkedHashMap<>();
        final List<FloatBuffer> pinnedBuffers = new ArrayList<>();
        final List<float[]> arrays = new ArrayList<>();

        Workspace() throws OrtException {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            input = ByteBuffer.allocateDirect(3 * inputWidth * inputHeight * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            inputTensor = OnnxTensor.createTensor(env, input, new long[] {1, 3, inputHeight, inputWidth});
            if (fixedOutputs != null) {
                try {
                    for (Map.Entry<String, long[]> o : fixedOutputs.entrySet()) {
                        int n = (int) java.util.Arrays.stream(o.getValue()).reduce(1, (a, b) -> a * b);
                        FloatBuffer b = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
                        pinned.put(o.getKey(), OnnxTensor.createTensor(env, b, o.getValue()));
                        pinnedBuffers.add(b);
                        arrays.add(new float[n]);
                    }
                } catch (OrtException | RuntimeException e) {
                    close();
                    throw e;
                }
            }
        }

        List<NamedTensor> run() throws OrtException {
            List<NamedTensor> outputs = new ArrayList<>();
            if (!pinned.isEmpty()) {
                try (OrtSession.Result ignored = session.run(Map.of(inputName, inputTensor), pinned)) {
                    int i = 0;
                    for (Map.Entry<String, OnnxTensor> e : pinned.entrySet()) {
                        float[] a = arrays.get(i);
                        pinnedBuffers.get(i).get(0, a);
                        outputs.add(new NamedTensor(e.getKey(), fixedOutputs.get(e.getKey()), a));
                        i++;
                    }
                }
                return outputs;
            }
            try (OrtSession.Result result = session.run(Map.of(inputName, inputTensor))) {
                for (Map.Entry<String, OnnxValue> e : result) {
                    if (e.getValue() instanceof OnnxTensor t) {
                        outputs.add(new NamedTensor(e.getKey(), t.getInfo().getShape(), floats(t)));
                    }
                }
            }
            return outputs;
        }

        @Override
        public void close() {
            inputTensor.close();
            pinned.values().forEach(OnnxTensor::close);
        }
    }

    private static float[] floats(OnnxTensor t) {
        ByteBuffer raw = t.getByteBuffer();
        if (raw == null) {
            return new float[0];
        }
        raw.order(ByteOrder.nativeOrder());
        return switch (t.getInfo().type) {
            case FLOAT -> {
                FloatBuffer fb = raw.asFloatBuffer();
                float[] a = new float[fb.remaining()];
                fb.get(a);
                yield a;
            }
            case INT64 -> {
                LongBuffer lb = raw.asLongBuffer();
                float[] a = new float[lb.remaining()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = lb.get(i);
                }
                yield a;
            }
            case INT32 -> {
                IntBuffer ib = raw.asIntBuffer();
                float[] a = new float[ib.remaining()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = ib.get(i);
                }
                yield a;
            }
            case DOUBLE -> {
                DoubleBuffer db = raw.asDoubleBuffer();
                float[] a = new float[db.remaining()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) db.get(i);
                }
                yield a;
            }
            default -> throw new IllegalStateException("unsupported output type " + t.getInfo().type);
        };
    }

    public String label(int classId) {
        return classId >= 0 && classId < labels.size() ? labels.get(classId) : Integer.toString(classId);
    }

    public Path path() {
        return path;
    }

    public int inputWidth() {
        return inputWidth;
    }

    public int inputHeight() {
        return inputHeight;
    }

    public OutputDecoder decoder() {
        return decoder;
    }

    public List<String> labels() {
        return labels;
    }

    @Override
    public void close() {
        closed = true;
        all.forEach(Workspace::close);
        all.clear();
        idle.clear();
        try {
            session.close();
        } catch (OrtException e) {
            // closing a session only fails if it is already closed
        }
    }
}
