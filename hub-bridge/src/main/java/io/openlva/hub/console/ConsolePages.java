package io.openlva.hub.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.openlva.hub.api.ApiAccessFilter;
import io.openlva.hub.config.HubConfig;
import io.smallrye.common.annotation.Blocking;

/**
 * The console's files (plain HTML, CSS and JavaScript from the classpath: nothing is fetched from the internet)
 * and its login: the form posts the API token, kept in an HttpOnly, SameSite=Strict cookie for the session.
 * Access to everything but the login is checked by {@link ApiAccessFilter}.
 */
@Path("/console")
@Blocking
public class ConsolePages {

    private static final Map<String, String> FILES = Map.of(
            "index.html", MediaType.TEXT_HTML + ";charset=utf-8",
            "login.html", MediaType.TEXT_HTML + ";charset=utf-8",
            "console.js", "text/javascript;charset=utf-8",
            "console.css", "text/css;charset=utf-8");

    private final ApiAccessFilter access;

    public ConsolePages(HubConfig config) {
        this.access = new ApiAccessFilter(config);
    }

    @GET
    @Path("/")
    @Operation(hidden = true)
    public Response index() throws IOException {
        return file("index.html");
    }

    @GET
    @Path("/{file}")
    @Operation(hidden = true)
    public Response file(@PathParam("file") String file) throws IOException {
        String type = FILES.get(file);
        if (type == null) {
            return Response.status(404).build();
        }
        try (InputStream in = ConsolePages.class.getResourceAsStream("/console/" + file)) {
            return Response.ok(in.readAllBytes(), type).header("Cache-Control", "no-cache").build();
        }
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response login(@FormParam("token") String token) {
        if (!access.accepts(token)) {
            return Response.seeOther(URI.create("/console/login.html?failed")).build();
        }
        return Response.seeOther(URI.create("/console/")).cookie(cookie(
                URLEncoder.encode(token, StandardCharsets.UTF_8), -1)).build();
    }

    @GET
    @Path("/logout")
    @Operation(hidden = true)
    public Response logout() {
        return Response.seeOther(URI.create("/console/login.html")).cookie(cookie("", 0)).build();
    }

    private static NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(ApiAccessFilter.TOKEN_COOKIE).value(value).path("/").maxAge(maxAge)
                .httpOnly(true).sameSite(NewCookie.SameSite.STRICT).build();
    }
}
