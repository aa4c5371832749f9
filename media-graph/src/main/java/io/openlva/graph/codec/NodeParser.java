package io.openlva.graph.codec;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.graph.model.AssetSink;
import io.openlva.graph.model.CognitiveServicesVisionExtension;
import io.openlva.graph.model.Credentials;
import io.openlva.graph.model.Endpoint;
import io.openlva.graph.model.EndpointKind;
import io.openlva.graph.model.FileSink;
import io.openlva.graph.model.Flavor;
import io.openlva.graph.model.FrameRateFilterProcessor;
import io.openlva.graph.model.GrpcExtension;
import io.openlva.graph.model.HttpExtension;
import io.openlva.graph.model.HttpHeaderCredentials;
import io.openlva.graph.model.ImageEncoding;
import io.openlva.graph.model.ImageFormat;
import io.openlva.graph.model.ImageScale;
import io.openlva.graph.model.ImageSpec;
import io.openlva.graph.model.IotHubMessageSink;
import io.openlva.graph.model.IotHubMessageSource;
import io.openlva.graph.model.LineCrossingProcessor;
import io.openlva.graph.model.MotionDetectionProcessor;
import io.openlva.graph.model.MotionSensitivity;
import io.openlva.graph.model.NamedLine;
import io.openlva.graph.model.Node;
import io.openlva.graph.model.NodeInput;
import io.openlva.graph.model.NodeKind;
import io.openlva.graph.model.NodeRole;
import io.openlva.graph.model.ObjectTrackerProcessor;
import io.openlva.graph.model.OnnxExtension;
import io.openlva.graph.model.OutputSelector;
import io.openlva.graph.model.PixelFormat;
import io.openlva.graph.model.RtspSource;
import io.openlva.graph.model.RtspTransport;
import io.openlva.graph.model.SamplingOptions;
import io.openlva.graph.model.ScaleMode;
import io.openlva.graph.model.SignalGateProcessor;
import io.openlva.graph.model.UsernamePasswordCredentials;
import io.openlva.graph.validate.ErrorCodes;

/**
 * Reads node objects of a topology into node records, one method per kind, reporting every problem with its
 * target. Used both for a declared topology (lenient: parameter references stay unchecked) and for a resolved
 * one (strict).
 */
public final class NodeParser {

    static final List<String> MEDIA_TYPES = List.of("video", "audio", "application");
    static final List<String> SELECTOR_OPERATORS = List.of("is", "isNot");
    static final Duration ONE_SECOND = Duration.ofSeconds(1);
    static final Duration ONE_HOUR = Duration.ofHours(1);

    private final String apiVersion;

    public NodeParser(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    /** A node listed under {@code role}'s list, or null when it cannot be read (problems were reported). */
    public Node parse(PropertyReader r, NodeRole listedAs) {
        String name = Objects.requireNonNullElse(r.string("name", true), "");
        String type = r.string("@type", true);
        if (type == null) {
            return null;
        }
        NodeKind kind = NodeKind.fromType(type).orElse(null);
        if (kind == null) {
            r.error(ErrorCodes.UNKNOWN_TYPE, "@type", "The node type '" + type + "' is not supported.");
            return null;
        }
        if (kind.role() != listedAs) {
            r.error(ErrorCodes.GRAPH_VALIDATION_ERROR, "@type", "A node of type '" + type + "' cannot be listed in '"
                    + listedAs.listName() + "'; it belongs in '" + kind.role().listName() + "'.");
            return null;
        }
        List<NodeInput> inputs = List.of();
        if (kind.role() == NodeRole.SOURCE) {
            JsonNode in = r.get("inputs");
            if (in != null && (!in.isArray() || !in.isEmpty())) {
                r.error(ErrorCodes.GRAPH_VALIDATION_ERROR, "inputs", "A source node cannot have inputs.");
            }
        } else {
            inputs = inputs(r);
        }
        return switch (kind) {
            case RTSP_SOURCE -> new RtspSource(name, endpoint(r, true, List.of("rtsp", "rtsps")),
                    or(r.choice("transport", false, s -> RtspTransport.valueOf(s.toUpperCase(Locale.ROOT)), "tcp, http, udp"),
                            RtspTransport.TCP));
            case IOT_HUB_MESSAGE_SOURCE -> new IotHubMessageSource(name, r.string("hubInputName", true));
            case MOTION_DETECTION -> new MotionDetectionProcessor(name, inputs,
                    or(r.choice("sensitivity", false, s -> MotionSensitivity.valueOf(s.toUpperCase(Locale.ROOT)), "low, medium, high"),
                            MotionSensitivity.MEDIUM),
                    or(r.bool("outputMotionRegion", false), true),
                    r.duration("eventAggregationWindow", false, Duration.ZERO, ONE_HOUR));
            case FRAME_RATE_FILTER -> new FrameRateFilterProcessor(name, inputs,
                    or(r.number("maximumFps", true, 0, true, 300), 30.0));
            case HTTP_EXTENSION -> new HttpExtension(name, inputs, endpoint(r, true, List.of()), image(r), sampling(r));
            case GRPC_EXTENSION -> grpc(r, name, inputs);
            case ONNX_EXTENSION -> onnx(r, name, inputs);
            case COGNITIVE_SERVICES_VISION -> {
                PropertyReader op = r.object("operation", false);
                yield new CognitiveServicesVisionExtension(name, inputs, endpoint(r, true, List.of()), image(r), sampling(r),
                        op == null ? null : op.string("@type", true), r.string("extensionConfiguration", false));
            }
            case OBJECT_TRACKER -> new ObjectTrackerProcessor(name, inputs,
                    or(r.word("accuracy", false, List.of("low", "medium", "high")), "medium"));
            case LINE_CROSSING -> {
                List<NamedLine> lines = new ArrayList<>();
                for (PropertyReader l : r.objects("lines", true)) {
                    String lineName = l.string("name", true);
                    if (lineName != null && lines.stream().anyMatch(x -> lineName.equals(x.name()))) {
                        l.error(ErrorCodes.GRAPH_VALIDATION_ERROR, "name",
                                "The line name '" + lineName + "' is used twice in the node '" + name + "'.");
                    }
                    l.choice("line", false, NamedLine::points, NamedLine.FORMAT); // a parameter is checked once resolved
                    lines.add(new NamedLine(lineName, l.string("line", true)));
                }
                yield new LineCrossingProcessor(name, inputs, lines);
            }
            case SIGNAL_GATE -> signalGate(r, name, inputs);
            case FILE_SINK -> fileSink(r, name, inputs);
            case ASSET_SINK -> assetSink(r, name, inputs, type);
            case IOT_HUB_MESSAGE_SINK -> new IotHubMessageSink(name, inputs, r.string("hubOutputName", true));
        };
    }

    private static <T> T or(T value, T orElse) {
        return value == null ? orElse : value;
    }

    private List<NodeInput> inputs(PropertyReader r) {
        List<PropertyReader> list = r.objects("inputs", true);
        if (list.isEmpty() && r.has("inputs")) {
            r.error(ErrorCodes.GRAPH_VALIDATION_ERROR, "inputs", "A processor or sink needs at least one input.");
        }
        List<NodeInput> out = new ArrayList<>();
        for (PropertyReader in : list) {
            String nodeName = in.string("nodeName", true);
            List<OutputSelector> selectors = new ArrayList<>();
            for (PropertyReader s : in.objects("outputSelectors", false)) {
                String property = s.word("property", true, List.of("mediaType"));
                String operator = s.word("operator", true, SELECTOR_OPERATORS);
                String value = s.word("value", true, MEDIA_TYPES);
                selectors.add(new OutputSelector(property, operator, value));
            }
            out.add(new NodeInput(nodeName, selectors));
        }
        return out;
    }

    /** Endpoint with URL scheme check (schemes empty = any absolute URL). */
    Endpoint endpoint(PropertyReader node, boolean required, List<String> schemes) {
        PropertyReader r = node.object("endpoint", required);
        if (r == null) {
            return null;
        }
        String type = r.string("@type", true);
        EndpointKind kind = null;
        if (Flavor.isType(type, "UnsecuredEndpoint")) {
            kind = EndpointKind.UNSECURED;
        } else if (Flavor.isType(type, "TlsEndpoint")) {
            kind = EndpointKind.TLS;
        } else if (type != null) {
            r.error(ErrorCodes.UNKNOWN_TYPE, "@type", "The endpoint type '" + type + "' is not supported.");
        }
        String url = r.string("url", true);
        if (url != null && !(r.lenient() && url.contains("${"))) {
            checkUrl(r, url, schemes);
        }
        Credentials credentials = credentials(r);
        List<String> certificates = new ArrayList<>();
        boolean ignoreHostname = false;
        boolean ignoreSignature = false;
        if (kind == EndpointKind.TLS) {
            PropertyReader trusted = r.object("trustedCertificates", false);
            if (trusted != null) {
                String t = trusted.string("@type", true);
                if (t != null && !Flavor.isType(t, "PemCertificateList")) {
                    trusted.error(ErrorCodes.UNKNOWN_TYPE, "@type", "The certificate source '" + t + "' is not supported.");
                }
                JsonNode certs = trusted.get("certificates");
                if (certs == null) {
                    trusted.error(ErrorCodes.PROPERTY_REQUIRED, "certificates", "The property 'certificates' is required.");
                } else if (!certs.isArray()) {
                    trusted.error(ErrorCodes.INVALID_PROPERTY_VALUE, "certificates", "The property 'certificates' must be an array of PEM strings.");
                } else {
                    for (int i = 0; i < certs.size(); i++) {
                        String pem = certs.get(i).asText("");
                        if (!pem.contains("-----BEGIN CERTIFICATE-----") && !(r.lenient() && pem.contains("${"))
                                && !pem.startsWith("${")) {
                            r.problems().add(ErrorCodes.INVALID_PROPERTY_VALUE, trusted.target("certificates") + "[" + i + "]",
                                    "The certificate is not PEM (-----BEGIN CERTIFICATE-----).");
                        }
                        certificates.add(pem);
                    }
                }
            }
            PropertyReader validation = r.object("validationOptions", false);
            if (validation != null) {
                ignoreHostname = or(validation.bool("ignoreHostname", false), false);
                ignoreSignature = or(validation.bool("ignoreSignature", false), false);
            }
        }
        return new Endpoint(kind == null ? EndpointKind.UNSECURED : kind, url, credentials, certificates, ignoreHostname, ignoreSignature);
    }

    private static void checkUrl(PropertyReader r, String url, List<String> schemes) {
        try {
            URI uri = new URI(url.trim());
            if (uri.getScheme() == null || uri.getHost() == null && uri.getAuthority() == null) {
                throw new URISyntaxException(url, "not an absolute URL with a host");
            }
            if (!schemes.isEmpty() && !schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                r.error(ErrorCodes.INVALID_PROPERTY_VALUE, "url", "The URL scheme '" + uri.getScheme() + "' is not supported here; expected "
                        + String.join(" or ", schemes) + ".");
            }
        } catch (URISyntaxException e) {
            // never echo the URL: it may carry a password
            r.error(ErrorCodes.INVALID_PROPERTY_VALUE, "url", "The URL is not a valid absolute URL (" + e.getReason() + ").");
        }
    }

    private static Credentials credentials(PropertyReader endpoint) {
        PropertyReader r = endpoint.object("credentials", false);
        if (r == null) {
            return null;
        }
        String type = r.string("@type", true);
        if (Flavor.isType(type, "UsernamePasswordCredentials")) {
            return new UsernamePasswordCredentials(r.string("username", true), r.string("password", false));
        }
        if (Flavor.isType(type, "HttpHeaderCredentials")) {
            return new HttpHeaderCredentials(r.string("headerName", true), r.string("headerValue", true));
        }
        if (type != null) {
            r.error(ErrorCodes.UNKNOWN_TYPE, "@type", "The credentials type '" + type + "' is not supported.");
        }
        return null;
    }

    ImageSpec image(PropertyReader node) {
        PropertyReader r = node.object("image", false);
        if (r == null) {
            return ImageSpec.DEFAULT;
        }
        ImageScale scale = null;
        PropertyReader s = r.object("scale", false);
        if (s != null) {
            // AVA made mode optional with pad as the default; LVA required it
            boolean ava = Flavor.of(node.node().path("@type").asText(null)) == Flavor.VIDEO_ANALYZER;
            ScaleMode mode = s.choice("mode", !ava, ScaleMode::fromLva, "preserveAspectRatio, pad, stretch");
            if (mode == null && ava && !s.has("mode")) {
                mode = ScaleMode.PAD;
            }
            Integer width = s.intValue("width", false, 1, 8192);
            Integer height = s.intValue("height", false, 1, 8192);
            boolean widthGiven = s.has("width");
            boolean heightGiven = s.has("height");
            if ((mode == ScaleMode.PAD || mode == ScaleMode.STRETCH) && (!widthGiven || !heightGiven)) {
                s.error(ErrorCodes.PROPERTY_REQUIRED, widthGiven ? "height" : "width",
                        "Scale mode '" + mode.lvaName() + "' needs both width and height.");
            } else if (mode == ScaleMode.PRESERVE_ASPECT_RATIO && !widthGiven && !heightGiven) {
                s.error(ErrorCodes.PROPERTY_REQUIRED, "width", "Scale mode 'preserveAspectRatio' needs width or height.");
            }
            scale = new ImageScale(mode == null ? ScaleMode.PRESERVE_ASPECT_RATIO : mode, width, height);
        }
        return new ImageSpec(scale, format(r));
    }

    private static ImageFormat format(PropertyReader image) {
        PropertyReader f = image.object("format", false);
        if (f == null) {
            return ImageFormat.JPEG_DEFAULT;
        }
        String type = f.string("@type", true);
        if (type == null) {
            return ImageFormat.JPEG_DEFAULT;
        }
        if (Flavor.isType(type, "ImageFormatJpeg")) {
            return new ImageFormat(ImageEncoding.JPEG, f.intValue("quality", false, 0, 100), null);
        }
        if (Flavor.isType(type, "ImageFormatBmp")) {
            return new ImageFormat(ImageEncoding.BMP, null, null);
        }
        if (Flavor.isType(type, "ImageFormatPng")) {
            return new ImageFormat(ImageEncoding.PNG, null, null);
        }
        if (Flavor.isType(type, "ImageFormatRaw")) {
            return new ImageFormat(ImageEncoding.RAW, null,
                    or(f.choice("pixelFormat", true, PixelFormat::fromLva, lvaNames()), PixelFormat.RGB24));
        }
        if (Flavor.isType(type, "ImageFormatEncoded")) {
            // LVA 1.0: one type with an encoding property
            ImageEncoding encoding = or(f.choice("encoding", false, s -> switch (s.toLowerCase(Locale.ROOT)) {
                case "jpeg", "jpg" -> ImageEncoding.JPEG;
                case "bmp" -> ImageEncoding.BMP;
                case "png" -> ImageEncoding.PNG;
                default -> null;
            }, "jpeg, bmp, png"), ImageEncoding.JPEG);
            Integer quality = f.intValue("quality", false, 0, 100);
            return new ImageFormat(encoding, encoding == ImageEncoding.JPEG ? quality : null, null);
        }
        f.error(ErrorCodes.UNKNOWN_TYPE, "@type", "The image format type '" + type + "' is not supported.");
        return ImageFormat.JPEG_DEFAULT;
    }

    private static String lvaNames() {
        return String.join(", ", Arrays.stream(PixelFormat.values()).map(PixelFormat::lvaName).toList());
    }

    static SamplingOptions sampling(PropertyReader node) {
        PropertyReader r = node.object("samplingOptions", false);
        if (r == null) {
            return SamplingOptions.DEFAULT;
        }
        return new SamplingOptions(or(r.bool("skipSamplesWithoutAnnotation", false), false),
                r.number("maximumSamplesPerSecond", false, 0, true, 1000));
    }

    private GrpcExtension grpc(PropertyReader r, String name, List<NodeInput> inputs) {
        Endpoint endpoint = endpoint(r, true, List.of());
        ImageSpec image = image(r);
        SamplingOptions sampling = sampling(r);
        String mode = "embedded";
        int sharedMemoryMiB = 0;
        PropertyReader dt = r.object("dataTransfer", false);
        if (dt != null) {
            mode = or(dt.word("mode", true, List.of("embedded", "sharedMemory")), "embedded");
            if (mode.equals("sharedMemory")) {
                Integer size = dt.intValue("sharedMemorySizeMiB", true, 1, 1 << 20);
                sharedMemoryMiB = size == null ? 0 : size; // null: the problem is reported
            }
        }
        return new GrpcExtension(name, inputs, endpoint, image, sampling, mode, sharedMemoryMiB,
                r.string("extensionConfiguration", false));
    }

    private OnnxExtension onnx(PropertyReader r, String name, List<NodeInput> inputs) {
        String modelPath = r.string("modelPath", true);
        List<String> labels = new ArrayList<>();
        JsonNode l = r.get("labels");
        if (l != null && l.isArray()) {
            l.forEach(e -> labels.add(e.asText()));
        } else if (l != null && l.isValueNode()) {
            // a parameter can only carry a string: "person,car,dog"
            for (String s : l.asText().split(",")) {
                if (!s.isBlank()) {
                    labels.add(s.trim());
                }
            }
        } else if (l != null) {
            r.error(ErrorCodes.INVALID_PROPERTY_VALUE, "labels", "The property 'labels' must be an array of strings or a comma-separated string.");
        }
        return new OnnxExtension(name, inputs, modelPath, labels,
                or(r.number("confidenceThreshold", false, 0, false, 1), OnnxExtension.DEFAULT_CONFIDENCE_THRESHOLD),
                or(r.number("nmsThreshold", false, 0, false, 1), OnnxExtension.DEFAULT_NMS_THRESHOLD),
                r.intValue("inputWidth", false, 1, 8192), r.intValue("inputHeight", false, 1, 8192),
                or(r.word("modelFamily", false, OnnxExtension.MODEL_FAMILIES), "auto"),
                image(r), sampling(r));
    }

    private static SignalGateProcessor signalGate(PropertyReader r, String name, List<NodeInput> inputs) {
        Duration window = or(r.duration("activationEvaluationWindow", false, Duration.ZERO, Duration.ofSeconds(10)),
                SignalGateProcessor.DEFAULT_EVALUATION_WINDOW);
        Duration offset = or(r.duration("activationSignalOffset", false, Duration.ofMinutes(-1), Duration.ofMinutes(1)),
                SignalGateProcessor.DEFAULT_SIGNAL_OFFSET);
        Duration min = r.duration("minimumActivationTime", false, ONE_SECOND, ONE_HOUR);
        Duration max = r.duration("maximumActivationTime", false, ONE_SECOND, ONE_HOUR);
        Duration minimum = or(min, SignalGateProcessor.DEFAULT_MINIMUM_ACTIVATION_TIME);
        Duration maximum = or(max, SignalGateProcessor.DEFAULT_MAXIMUM_ACTIVATION_TIME);
        if ((min != null || max != null) && minimum.compareTo(maximum) > 0) {
            r.error(ErrorCodes.INVALID_PROPERTY_VALUE, max != null ? "maximumActivationTime" : "minimumActivationTime",
                    "maximumActivationTime (" + maximum + ") must not be shorter than minimumActivationTime (" + minimum + ").");
        }
        return new SignalGateProcessor(name, inputs, window, offset, minimum, maximum);
    }

    private FileSink fileSink(PropertyReader r, String name, List<NodeInput> inputs) {
        Long maxSize = r.integer("maximumSizeMiB", false, 1, Long.MAX_VALUE);
        String pathPattern = r.string("filePathPattern", false);
        if (pathPattern != null && !r.has("baseDirectoryPath")) {
            // LVA 1.0: one path; the directory part is the base directory
            int slash = pathPattern.lastIndexOf('/');
            String dir = slash < 0 ? "." : slash == 0 ? "/" : pathPattern.substring(0, slash);
            String file = pathPattern.substring(slash + 1);
            if (file.isBlank()) {
                r.error(ErrorCodes.INVALID_PROPERTY_VALUE, "filePathPattern", "The file path pattern must end with a file name pattern.");
            }
            return new FileSink(name, inputs, dir, file, maxSize);
        }
        String base = r.string("baseDirectoryPath", true);
        String pattern = r.string("fileNamePattern", true);
        if (pattern != null && pattern.contains("/")) {
            r.error(ErrorCodes.INVALID_PROPERTY_VALUE, "fileNamePattern", "The file name pattern cannot contain '/'.");
        }
        return new FileSink(name, inputs, base, pattern, maxSize);
    }

    /** Segments are uploaded in steps of 30 s; LVA/AVA allowed 30 s to 5 min. */
    private static Duration segmentLength(PropertyReader r) {
        Duration segment = r.duration("segmentLength", false, Duration.ofSeconds(30), Duration.ofMinutes(5));
        if (segment != null && segment.toMillis() % 30_000 != 0) {
            r.error(ErrorCodes.INVALID_PROPERTY_VALUE, "segmentLength", "The segment length must be a multiple of 30 seconds.");
            return null;
        }
        return segment;
    }

    private static AssetSink assetSink(PropertyReader r, String name, List<NodeInput> inputs, String type) {
        String namePattern;
        Duration segment;
        if (Flavor.of(type) == Flavor.VIDEO_ANALYZER) {
            namePattern = r.string("videoName", true);
            PropertyReader props = r.object("videoCreationProperties", false);
            segment = props == null ? null : segmentLength(props);
        } else {
            namePattern = r.string("assetNamePattern", true);
            segment = segmentLength(r);
        }
        return new AssetSink(name, inputs, namePattern, segment, r.string("localMediaCachePath", true),
                r.integer("localMediaCacheMaximumSizeMiB", true, 1, Long.MAX_VALUE));
    }
}
