package io.openlva.hub.console;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Predicate;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.contract.Json;
import io.openlva.graph.model.ApiVersions;
import io.openlva.hub.graph.ErrorCodes;
import io.openlva.hub.graph.GraphOperations;
import io.openlva.hub.graph.MethodResult;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;

/** The console's data: validation without writing, events (list and live feed), live preview, clips, health. */
@Path("/api/console")
@Tag(name = "Console", description = "Data of the web console (/console)")
public class ConsoleResource {

    private final GraphOperations operations;
    private final EventFeed events;
    private final FramePreview preview;
    private final RecorderClient recorder;
    private final ServicesProbe services;

    public ConsoleResource(GraphOperations operations, EventFeed events, FramePreview preview, RecorderClient recorder,
            ServicesProbe services) {
        this.operations = operations;
        this.events = events;
        this.preview = preview;
        this.recorder = recorder;
        this.services = services;
    }

    @POST
    @Path("/validate/{kind}")
    @Consumes({ MediaType.APPLICATION_JSON, MediaType.WILDCARD })
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Validate a topology or instance as a set would, writing nothing",
            description = "kind = topology | instance; 200 {\"valid\":true} or LVA's 400 error body")
    public Response validate(@PathParam("kind") String kind, String body) {
        JsonNode doc;
        try {
            doc = body == null || body.isBlank() ? null : Json.read(body);
        } catch (RuntimeException e) {
            doc = null;
        }
        if (doc == null || !doc.isObject()) {
            return of(MethodResult.error(400, ErrorCodes.INVALID_RESOURCE, "the body must be a JSON object"));
        }
        if (!doc.has("@apiVersion")) {
            ((ObjectNode) doc).put("@apiVersion", ApiVersions.DEFAULT);
        }
        return switch (kind) {
            case "topology" -> of(operations.validateTopology(doc));
            case "instance" -> of(operations.validateInstance(doc));
            default -> of(MethodResult.error(404, ErrorCodes.NOT_FOUND, "validate topology or instance"));
        };
    }

    @GET
    @Path("/events")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Latest events, newest first, filtered",
            description = "instance, node, type (part of the event type), label, from/to (ISO-8601), limit")
    public ObjectNode events(@QueryParam("instance") String instance, @QueryParam("node") String node,
            @QueryParam("type") String type, @QueryParam("label") String label, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("limit") Integer limit) {
        Predicate<EventFeed.Entry> f = e -> true;
        if (present(instance)) {
            f = f.and(e -> e.instance().equals(instance));
        }
        if (present(node)) {
            f = f.and(e -> node.equals(e.node()));
        }
        if (present(type)) {
            String t = type.toLowerCase(Locale.ROOT);
            f = f.and(e -> e.eventType().toLowerCase(Locale.ROOT).contains(t));
        }
        if (present(label)) {
            f = f.and(e -> e.labels().stream().anyMatch(l -> l.equalsIgnoreCase(label)));
        }
        if (present(from)) {
            long t = Instant.parse(from).toEpochMilli();
            f = f.and(e -> e.eventTimeMs() >= t);
        }
        if (present(to)) {
            long t = Instant.parse(to).toEpochMilli();
            f = f.and(e -> e.eventTimeMs() <= t);
        }
        ObjectNode out = Json.mapper().createObjectNode();
        out.set("value", Json.mapper().valueToTree(events.find(f, limit == null ? 200 : Math.min(limit, 2000))));
        return out;
    }

    @GET
    @Path("/events/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    @Operation(summary = "Events as they arrive (server-sent events, one JSON object each)")
    public Multi<String> liveEvents() {
        return events.live();
    }

    @GET
    @Path("/live/{instance}")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Latest preview frame of an instance with its detections and motion regions",
            description = "Starts the frames reader if nobody watched; it stops once nobody asks any more")
    public ObjectNode live(@PathParam("instance") String instance) {
        ObjectNode out = Json.mapper().createObjectNode();
        preview.latest(instance).ifPresentOrElse(p -> {
            ObjectNode frame = out.putObject("frame");
            frame.put("node", p.node());
            frame.put("mediaTimeUs", p.mediaTimeUs());
            frame.put("captureTimeMs", p.captureTimeMs());
            frame.put("width", p.width());
            frame.put("height", p.height());
            frame.put("pictureX", p.pictureX());
            frame.put("pictureY", p.pictureY());
            frame.put("pictureWidth", p.pictureWidth());
            frame.put("pictureHeight", p.pictureHeight());
            frame.put("image", "data:" + p.contentType() + ";base64," + Base64.getEncoder().encodeToString(p.image()));
            if (p.inferencesJson() != null) {
                frame.set("inferences", Json.read(p.inferencesJson()));
            }
        }, () -> out.putNull("frame"));
        events.latestDetections(instance).ifPresent(e -> out.set("detections", e.json()));
        events.latestMotion(instance).ifPresent(e -> out.set("motion", e.json()));
        return out;
    }

    @GET
    @Path("/recordings")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "recorder-service's clips and asset segments (time, length, size)")
    public Response recordings() {
        try {
            HttpResponse<String> r = recorder.list();
            return Response.status(r.statusCode()).type(MediaType.APPLICATION_JSON).entity(r.body()).build();
        } catch (Exception e) {
            return unreachable(e);
        }
    }

    @GET
    @Path("/recordings/file")
    @Blocking
    @Operation(summary = "One clip from recorder-service, HTTP range requests passed on")
    public Response recording(@QueryParam("path") String path, @HeaderParam("Range") String range) {
        try {
            HttpResponse<InputStream> r = recorder.file(path, range);
            Response.ResponseBuilder b = Response.status(r.statusCode()).entity(r.body());
            for (String h : new String[] { "Content-Type", "Content-Length", "Content-Range", "Accept-Ranges" }) {
                r.headers().firstValue(h).ifPresent(v -> b.header(h, v));
            }
            return b.build();
        } catch (Exception e) {
            return unreachable(e);
        }
    }

    @GET
    @Path("/health")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Each service's readiness and per-node metrics")
    public ObjectNode health(@Context UriInfo uri) {
        return services.probe(uri.getBaseUri().toString());
    }

    private static Response unreachable(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return of(MethodResult.error(502, ErrorCodes.SERVICE_UNAVAILABLE,
                "recorder-service did not answer: " + e.getClass().getSimpleName()));
    }

    private static Response of(MethodResult r) {
        return Response.status(r.status()).type(MediaType.APPLICATION_JSON).entity(r.payload()).build();
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
