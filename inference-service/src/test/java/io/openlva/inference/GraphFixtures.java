package io.openlva.inference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.Topology;

/** Writes the project's test topologies and instances to the graph topics, as hub-bridge would. */
public final class GraphFixtures {

    private GraphFixtures() {
    }

    public static String resource(String path) {
        try (InputStream in = GraphFixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes an instance (a tombstone on the instances topic), as hub-bridge does for instanceDelete. */
    public static void delete(String bootstrap, Topics topics, String instanceName) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.instances(), instanceName, null)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot delete the test instance", e);
        }
    }

    /** Publishes the topology and an Active instance of it with the given parameters. */
    public static void activate(String bootstrap, Topics topics, String topologyResource, String instanceName,
            Map<String, String> parameters) {
        activateTopology(bootstrap, topics, resource(topologyResource), instanceName, parameters);
    }

    /** Publishes a topology given as JSON and an Active instance of it with the given parameters. */
    public static void activateTopology(String bootstrap, Topics topics, String topologyJson, String instanceName,
            Map<String, String> parameters) {
        Topology topology = GraphJson.readTopology(topologyJson);
        String topologyName = topology.name();
        ObjectNode instance = Json.mapper().createObjectNode();
        // the topology's API (LVA 2.0, AVA 1.1): an instance is read in its topology's flavor
        instance.put("@apiVersion", topology.apiVersion() == null ? "2.0" : topology.apiVersion());
        instance.put("name", instanceName);
        ObjectNode props = instance.putObject("properties");
        props.put("topologyName", topologyName);
        ArrayNode params = props.putArray("parameters");
        parameters.forEach((k, v) -> params.addObject().put("name", k).put("value", v));
        props.put("state", "Active");
        String instanceJson = instance.toString();
        GraphJson.readInstance(instanceJson);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.topologies(), topologyName, topologyJson.getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topics.instances(), instanceName, instanceJson.getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish the test graph", e);
        }
    }
}
