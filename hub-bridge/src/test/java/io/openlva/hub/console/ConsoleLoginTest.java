package io.openlva.hub.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.openlva.hub.SharedKafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** With a token configured the console needs it too: the login form keeps it in an HttpOnly cookie. */
@QuarkusTest
@TestProfile(ConsoleLoginTest.WithToken.class)
@QuarkusTestResource(value = SharedKafkaResource.class, restrictToAnnotatedClass = false)
class ConsoleLoginTest {

    static final String TOKEN = "console-token-42;=x";

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("openlva.hub.api-token", TOKEN);
        }
    }

    @Test
    void withoutTheTokenTheConsoleSendsToTheLoginPage() {
        given().redirects().follow(false).get("/console/").then().statusCode(303)
                .header("Location", containsString("/console/login.html"));
        given().redirects().follow(false).get("/console/console.js").then().statusCode(303);
        given().get("/console/login.html").then().statusCode(200).body(containsString("name=\"token\""));
        given().get("/api/console/events").then().statusCode(401);
    }

    @Test
    void aWrongTokenIsRefusedAndTheRightOneOpensConsoleAndApiByCookie() {
        given().redirects().follow(false).formParam("token", "wrong").post("/console/login").then().statusCode(303)
                .header("Location", containsString("failed")).header("Set-Cookie", (String) null);

        Response login = given().redirects().follow(false).formParam("token", TOKEN).post("/console/login");
        login.then().statusCode(303).header("Set-Cookie", containsString("HttpOnly"))
                .header("Set-Cookie", containsString("SameSite=Strict"));
        String cookie = login.getCookie("openlva_token");

        given().cookie("openlva_token", cookie).get("/console/").then().statusCode(200)
                .body(containsString("console.js"));
        given().cookie("openlva_token", cookie).get("/api/topologies").then().statusCode(200);
        given().cookie("openlva_token", "wrong").get("/api/topologies").then().statusCode(401);
        given().redirects().follow(false).get("/console/logout").then().statusCode(303)
                .header("Set-Cookie", containsString("Max-Age=0"));
    }
}
