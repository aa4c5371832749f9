package io.openlva.hub.api;

import static io.restassured.RestAssured.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.openlva.hub.SharedKafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** With a token configured every /api call needs it; health and metrics stay open. */
@QuarkusTest
@TestProfile(ApiTokenTest.WithToken.class)
@QuarkusTestResource(value = SharedKafkaResource.class, restrictToAnnotatedClass = false)
class ApiTokenTest {

    static final String TOKEN = "test-token-7f3a9c";

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("openlva.hub.api-token", TOKEN);
        }
    }

    @Test
    void apiCallsNeedTheBearerToken() {
        given().get("/api/topologies").then().statusCode(401).header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer wrong-token").get("/api/topologies").then().statusCode(401);
        given().header("Authorization", "Bearer " + TOKEN.substring(0, TOKEN.length() - 1)).get("/api/topologies")
                .then().statusCode(401);
        given().header("Authorization", "Basic " + TOKEN).get("/api/topologies").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{\"@apiVersion\":\"2.0\"}").post("/api/methods/GraphTopologyList")
                .then().statusCode(401);

        given().header("Authorization", "Bearer " + TOKEN).get("/api/topologies").then().statusCode(200);
        given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON)
                .body("{\"@apiVersion\":\"2.0\"}").post("/api/methods/GraphTopologyList").then().statusCode(200);
    }

    @Test
    void healthAndMetricsStayOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
