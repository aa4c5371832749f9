package io.openlva.recorder.files;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.PathPart;

import io.smallrye.common.annotation.Blocking;

/**
 * The recorder's clips over HTTP, for the console: the list, and each file with HTTP range requests (a browser's
 * video element seeks with them). Access: {@link RecordingsAccess}.
 */
@jakarta.ws.rs.Path("/recordings")
@Blocking
public class RecordingsResource {

    static final String MP4 = "video/mp4";

    private final RecordingFiles files;

    public RecordingsResource(RecordingFiles files) {
        this.files = files;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, List<RecordingFiles.Recording>> list() {
        return Map.of("value", files.list());
    }

    @GET
    @jakarta.ws.rs.Path("/file")
    public Response file(@QueryParam("path") String path, @HeaderParam("Range") String range)
            throws IOException {
        Optional<java.nio.file.Path> file = files.servable(path);
        if (file.isEmpty()) {
            return Response.status(404).type(MediaType.TEXT_PLAIN).entity("no such recording").build();
        }
        long size = Files.size(file.get());
        ByteRange r = ByteRange.parse(range, size);
        if (r == null) {
            return Response.ok(new PathPart(file.get(), 0, size), MP4).header("Accept-Ranges", "bytes")
                    .header(HttpHeaders.CONTENT_LENGTH, size).build();
        }
        if (!r.satisfiable()) {
            return Response.status(416).header("Content-Range", "bytes */" + size).build();
        }
        return Response.status(206).type(MP4).entity(new PathPart(file.get(), r.first(), r.length()))
                .header("Accept-Ranges", "bytes").header("Content-Range", r.contentRange(size))
                .header(HttpHeaders.CONTENT_LENGTH, r.length()).build();
    }

    @HEAD
    @jakarta.ws.rs.Path("/file")
    public Response head(@QueryParam("path") String path) throws IOException {
        Optional<java.nio.file.Path> file = files.servable(path);
        if (file.isEmpty()) {
            return Response.status(404).build();
        }
        return Response.ok().type(MP4).header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CONTENT_LENGTH, Files.size(file.get())).build();
    }
}
