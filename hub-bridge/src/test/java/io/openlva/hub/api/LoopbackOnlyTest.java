package io.openlva.hub.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.openlva.hub.SharedKafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** Without a token the API answers loopback clients only. */
@QuarkusTest
@QuarkusTestResource(value = SharedKafkaResource.class, restrictToAnnotatedClass = false)
class LoopbackOnlyTest {

    @Test
    void loopbackClientsAreServed() {
        given().get("/api/topologies").then().statusCode(200);
    }

    @Test
    void otherClientsAreRefusedWhenNoTokenIsConfigured() throws Exception {
        Optional<InetAddress> own = nonLoopbackAddress();
        Assumptions.assumeTrue(own.isPresent(),
                "this machine has no non-loopback IPv4 address to call the API from: the 403 path is not exercised");
        given().baseUri("http://" + own.get().getHostAddress()).port(RestAssured.port).get("/api/topologies")
                .then().statusCode(403);
        given().baseUri("http://" + own.get().getHostAddress()).port(RestAssured.port).get("/q/health/live")
                .then().statusCode(200);
    }

    @Test
    void loopbackAddressesAreRecognized() {
        assertThat(ApiAccessFilter.isLoopback("127.0.0.1")).isTrue();
        assertThat(ApiAccessFilter.isLoopback("::1")).isTrue();
        assertThat(ApiAccessFilter.isLoopback("10.1.2.3")).isFalse();
        assertThat(ApiAccessFilter.isLoopback(null)).isFalse();
    }

    static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }
}
