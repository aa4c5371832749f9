package io.openlva.inference.score;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.openlva.graph.contract.Inferences;
import io.openlva.graph.contract.Json;
import io.openlva.inference.config.InferenceConfig;
import io.openlva.inference.frames.InferenceMetrics;
import io.openlva.inference.image.FrameGeometry;
import io.openlva.inference.image.ImageDecoder;
import io.openlva.inference.image.ImageFormatException;
import io.openlva.inference.image.ImageTooLargeException;
import io.openlva.inference.image.RgbImage;
import io.openlva.inference.onnx.ModelCache;
import io.openlva.inference.onnx.ModelFailedException;
import io.openlva.inference.onnx.OnnxExtensionRunner;
import io.openlva.inference.onnx.OnnxModel;

/**
 * The built-in model over HTTP, for other systems and curl: {@code POST /score} speaks LVA's HTTP extension
 * protocol (image body, LVA inference JSON, 204 when nothing is found) and {@code POST /image} answers like an
 * Azure Custom Vision container (multipart {@code imageData}, {@code predictions}). At most
 * {@code score-max-concurrent} requests run at once (503 with Retry-After beyond), images are capped in bytes and
 * in pixels (413), and {@link ScoreAccess} asks for the bearer token when one is configured.
 */
@Path("/")
public class ScoreResource {

    private final ModelCache models;
    private final InferenceConfig config;
    private final InferenceMetrics metrics;
    private final Semaphore running;
    private final MeterRegistry registry;

    public ScoreResource(ModelCache models, InferenceConfig config, InferenceMetrics metrics, MeterRegistry registry) {
        this.models = models;
        this.config = config;
        this.metrics = metrics;
        this.registry = registry;
        this.running = new Semaphore(Math.max(1, config.scoreMaxConcurrent()));
    }

    @POST
    @Path("score")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response score(byte[] body, @HeaderParam("Content-Type") String contentType,
            @QueryParam("format") String format, @QueryParam("width") Integer width, @QueryParam("height") Integer height) {
        Response invalid = checkSize(body == null ? 0 : body.length);
        if (invalid != null) {
            return invalid;
        }
        RawParams raw = RawParams.parse(contentType, format, width, height);
        Response tooLarge = checkPixels(body, contentType, raw.width(), raw.height());
        if (tooLarge != null) {
            return tooLarge;
        }
        return detect(() -> ImageDecoder.decode(body, contentType, raw.format(), raw.width(), raw.height(),
                config.maxImagePixels()), entities -> {
            if (entities.isEmpty()) {
                return Response.noContent().build();
            }
            ObjectNode out = Json.mapper().createObjectNode();
            out.set("inferences", Inferences.entities(entities));
            return Response.ok(out).build();
        });
    }

    @POST
    @Path("image")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Response image(@RestForm("imageData") FileUpload imageData) {
        if (imageData == null) {
            return error(Response.Status.BAD_REQUEST, "multipart field imageData is missing");
        }
        Response invalid = checkSize(imageData.size());
        if (invalid != null) {
            return invalid;
        }
        byte[] upload;
        try {
            upload = Files.readAllBytes(imageData.uploadedFile());
        } catch (IOException e) {
            return error(Response.Status.BAD_REQUEST, "cannot read the upload: " + e.getMessage());
        }
        Response tooLarge = checkPixels(upload, null, 0, 0);
        if (tooLarge != null) {
            return tooLarge;
        }
        return detect(() -> ImageDecoder.decodeEncoded(upload, config.maxImagePixels()),
                entities -> Response.ok(customVision(entities)).build());
    }

    private interface ImageSupplier {
        RgbImage get();
    }

    private Response detect(ImageSupplier image, java.util.function.Function<List<Inferences.Entity>, Response> answer) {
        if (!running.tryAcquire()) {
            refused("busy");
            return Response.fromResponse(error(Response.Status.SERVICE_UNAVAILABLE, config.scoreMaxConcurrent()
                    + " images are being scored (openlva.inference.score-max-concurrent); retry later"))
                    .header("Retry-After", "1").build();
        }
        try {
            return detectNow(image, answer);
        } finally {
            running.release();
        }
    }

    private Response detectNow(ImageSupplier image, java.util.function.Function<List<Inferences.Entity>, Response> answer) {
        OnnxModel model;
        try {
            model = models.defaultModel();
        } catch (RuntimeException e) {
            return error(Response.Status.SERVICE_UNAVAILABLE, "the built-in model is not available: " + e.getMessage());
        }
        RgbImage img;
        try {
            img = image.get();
        } catch (ImageTooLargeException e) {
            refused("too-large");
            return error(Response.Status.REQUEST_ENTITY_TOO_LARGE, e.getMessage());
        } catch (ImageFormatException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        }
        OnnxExtensionRunner runner = new OnnxExtensionRunner(model, config.scoreConfidenceThreshold(),
                config.scoreNmsThreshold(), metrics::modelNanos);
        List<Inferences.Entity> entities;
        try {
            entities = runner.detect(img, new FrameGeometry(img.width(), img.height(), null, 0, 0));
        } catch (ModelFailedException e) {
            return error(Response.Status.INTERNAL_SERVER_ERROR, e.getMessage());
        }
        return answer.apply(entities);
    }

    /** Custom Vision's prediction response: boxes left/top/width/height 0–1, probability, tagId, tagName. */
    private ObjectNode customVision(List<Inferences.Entity> entities) {
        OnnxModel model = models.defaultModel();
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("created", Instant.now().toString());
        out.put("id", "");
        out.put("iteration", "");
        ArrayNode predictions = out.putArray("predictions");
        for (Inferences.Entity e : entities) {
            ObjectNode p = predictions.addObject();
            ObjectNode bb = p.putObject("boundingBox");
            bb.put("height", e.box().h());
            bb.put("left", e.box().l());
            bb.put("top", e.box().t());
            bb.put("width", e.box().w());
            p.put("probability", e.confidence());
            p.put("tagId", model.labels().indexOf(e.tag()));
            p.put("tagName", e.tag());
        }
        out.put("project", "");
        return out;
    }

    /** A 413 for an image whose header declares more pixels than the cap, before it waits for a turn. */
    private Response checkPixels(byte[] data, String contentType, int rawWidth, int rawHeight) {
        try {
            ImageDecoder.checkPixels(data, contentType, rawWidth, rawHeight, config.maxImagePixels());
            return null;
        } catch (ImageTooLargeException e) {
            refused("too-large");
            return error(Response.Status.REQUEST_ENTITY_TOO_LARGE, e.getMessage());
        }
    }

    /** Requests refused without scoring, by reason ({@code openlva.inference.score.refused}). */
    private void refused(String reason) {
        registry.counter("openlva.inference.score.refused", "reason", reason).increment();
    }

    private Response checkSize(long size) {
        if (size <= 0) {
            return error(Response.Status.BAD_REQUEST, "empty image");
        }
        if (size > config.maxImageBytes()) {
            refused("too-large");
            return error(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                    "image of " + size + " bytes exceeds the limit of " + config.maxImageBytes());
        }
        return null;
    }

    private static Response error(Response.Status status, String message) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putObject("error").put("code", status.getReasonPhrase()).put("message", message);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    /** Raw image parameters: from {@code image/x-raw; format=..; width=..; height=..} or the query. */
    record RawParams(String format, int width, int height) {
        static RawParams parse(String contentType, String format, Integer width, Integer height) {
            String f = format;
            Integer w = width;
            Integer h = height;
            if (contentType != null) {
                for (String part : contentType.split(";")) {
                    String[] kv = part.trim().split("=", 2);
                    if (kv.length == 2) {
                        String k = kv[0].trim().toLowerCase(Locale.ROOT);
                        String v = kv[1].trim().replace("\"", "");
                        try {
                            switch (k) {
                                case "format", "pixelformat" -> f = f == null ? v : f;
                                case "width" -> w = w == null ? Integer.valueOf(v) : w;
                                case "height" -> h = h == null ? Integer.valueOf(v) : h;
                                default -> { }
                            }
                        } catch (NumberFormatException e) {
                            throw new jakarta.ws.rs.BadRequestException("bad " + k + " in Content-Type");
                        }
                    }
                }
            }
            return new RawParams(f, w == null ? 0 : w, h == null ? 0 : h);
        }
    }
}
