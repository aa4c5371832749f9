package io.openlva.hub.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.openlva.graph.contract.Topics;
import io.openlva.graph.codec.GraphJson;
import io.openlva.hub.SharedKafkaResource;
import io.openlva.hub.TestGraphs;
import io.openlva.hub.api.GraphApiTest;
import io.openlva.runtime.KafkaFactory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** hub-bridge follows the graph topics for as long as it runs, not only at start: no replica acts on a stale view. */
@QuarkusTest
@QuarkusTestResource(value = SharedKafkaResource.class, restrictToAnnotatedClass = false)
class GraphStoreFollowTest {

    @Inject
    GraphStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void ready() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(store::ready);
    }

    @Test
    void aChangeWrittenByAnotherReplicaAfterStartIsSeen() throws Exception {
        String name = "WrittenElsewhere";
        String stored = GraphJson.writeTopologyForStorage(
                GraphJson.readTopology(TestGraphs.topology(TestGraphs.CUSTOM_VISION, name)));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaProducer<String, String> other = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            other.send(new ProducerRecord<>("lva.graph.topologies", name, stored)).get(30, TimeUnit.SECONDS);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> given().get("/api/topologies/" + name).statusCode() == 200);
            given().get("/api/topologies/" + name).then().body("name", equalTo(name));

            other.send(new ProducerRecord<>("lva.graph.topologies", name, null)).get(30, TimeUnit.SECONDS);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> given().get("/api/topologies/" + name).statusCode() == 404);
        }
    }

    @Test
    void aSecondReplicaSeesWhatTheFirstWritesWhileBothRun() {
        try (GraphStore second = new GraphStore(new KafkaFactory(bootstrapServers), new Topics("lva."),
                Duration.ofSeconds(15))) {
            second.start();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(second::ready);
            String name = "SeenBySecond";
            assertThat(GraphApiTest.method("GraphTopologySet",
                    TestGraphs.topology(TestGraphs.CUSTOM_VISION, name).toString()).status()).isIn(200, 201);
            // the writer's own view has it when the call returns (read-your-writes)
            assertThat(store.topology(name)).isPresent();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> second.topology(name).isPresent());
            assertThat(GraphApiTest.method("GraphTopologyDelete", TestGraphs.named(name)).status()).isEqualTo(200);
            assertThat(store.topology(name)).isEmpty();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> second.topology(name).isEmpty());
        }
    }
}
