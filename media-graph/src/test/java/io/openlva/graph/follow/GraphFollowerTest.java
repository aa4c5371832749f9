package io.openlva.graph.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.openlva.graph.Docs;
import io.openlva.graph.KafkaTestSupport;
import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.TopicSpecs;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.InstanceState;
import io.openlva.graph.model.OnnxExtension;
import io.openlva.graph.model.Topology;
import io.openlva.graph.resolve.ResolvedGraph;

/** The follower against the real broker: replay, catch-up, changes, tombstones, bad records, late topics. */
class GraphFollowerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static void putTopology(Topics topics, Topology t) {
        KafkaTestSupport.send(new ProducerRecord<>(topics.topologies(), t.name(),
                GraphJson.writeTopologyForStorage(t).getBytes(StandardCharsets.UTF_8)));
    }

    private static void putInstance(Topics topics, Instance i) {
        KafkaTestSupport.send(new ProducerRecord<>(topics.instances(), i.name(),
                GraphJson.writeInstanceForStorage(i).getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> active(GraphSnapshot s) {
        return s.activeGraphs().stream().map(ResolvedGraph::instanceName).sorted().toList();
    }

    @Test
    void replaysFollowsAndSkipsBadRecords() throws Exception {
        Topics topics = KafkaTestSupport.freshTopics();
        try (Admin admin = KafkaTestSupport.admin()) {
            TopicSpecs.ensure(admin, topics, 1);
        }
        putTopology(topics, Docs.topology(Docs.LVA_2));
        putTopology(topics, Docs.topology(Docs.ONNX));
        putInstance(topics, Docs.instance(Docs.LVA_2)); // Active
        putInstance(topics, Docs.instance(Docs.ONNX)); // Active
        putInstance(topics, Docs.instance(Docs.LVA_1)); // Inactive, topology absent
        // bad records: not JSON, an invalid topology, a key that is not the name
        KafkaTestSupport.send(new ProducerRecord<>(topics.topologies(), "Broken", "{not json".getBytes(StandardCharsets.UTF_8)));
        KafkaTestSupport.send(new ProducerRecord<>(topics.topologies(), "EVRTls",
                Docs.text(Docs.LVA_2).replace("\"PT1M\"", "\"PT7S\"").getBytes(StandardCharsets.UTF_8)));
        KafkaTestSupport.send(new ProducerRecord<>(topics.instances(), "someone-else",
                GraphJson.writeInstanceForStorage(Docs.instance(Docs.AVA)).getBytes(StandardCharsets.UTF_8)));

        List<GraphSnapshot> seen = new CopyOnWriteArrayList<>();
        try (GraphFollower follower = new GraphFollower(KafkaTestSupport.bootstrap(), topics, seen::add)) {
            follower.start();
            assertThat(follower.awaitCaughtUp(WAIT)).isTrue();
            assertThat(seen).isNotEmpty();
            GraphSnapshot s = follower.snapshot();
            assertThat(s).isSameAs(seen.get(seen.size() - 1));
            assertThat(s.topologies()).containsOnlyKeys("EVRTls", "OnnxPeople");
            assertThat(s.topologies().get("EVRTls")).isEqualTo(Docs.topology(Docs.LVA_2)); // the invalid update was skipped
            assertThat(s.instances()).containsOnlyKeys("gate-camera", "yard-camera", "lobby-camera");
            assertThat(active(s)).containsExactly("gate-camera", "yard-camera");
            assertThat(s.activeGraph("yard-camera").nodes(OnnxExtension.class).get(0).confidenceThreshold()).isEqualTo(0.6);
            // each instance's version is the offset of its record (the skipped one has none)
            assertThat(s.instanceVersion("gate-camera")).isZero();
            assertThat(s.instanceVersion("yard-camera")).isEqualTo(1);
            assertThat(s.instanceVersion("lobby-camera")).isEqualTo(2);
            assertThat(s.instanceVersion("someone-else")).isEqualTo(-1);

            // a change: deactivate one
            putInstance(topics, Docs.instance(Docs.LVA_2).withState(InstanceState.INACTIVE));
            await().atMost(WAIT).until(() -> active(follower.snapshot()).equals(List.of("yard-camera")));
            assertThat(seen.get(seen.size() - 1).instances().get("gate-camera").state()).isEqualTo(InstanceState.INACTIVE);
            assertThat(follower.snapshot().instanceVersion("gate-camera")).isEqualTo(4);
            // the same record written again is a new version, published as a change
            putInstance(topics, Docs.instance(Docs.LVA_2).withState(InstanceState.INACTIVE));
            await().atMost(WAIT).until(() -> follower.snapshot().instanceVersion("gate-camera") == 5);

            // tombstones delete; an active instance whose topology is gone is left out
            KafkaTestSupport.send(new ProducerRecord<>(topics.topologies(), "OnnxPeople", null));
            KafkaTestSupport.send(new ProducerRecord<>(topics.instances(), "lobby-camera", null));
            await().atMost(WAIT).until(() -> !follower.snapshot().topologies().containsKey("OnnxPeople")
                    && !follower.snapshot().instances().containsKey("lobby-camera"));
            assertThat(follower.snapshot().activeGraphs()).isEmpty();
            assertThat(follower.snapshot().instances()).containsKey("yard-camera");
            assertThat(follower.snapshot().instanceVersion("lobby-camera")).isEqualTo(-1);

            // a second follower started later replays to the same state
            try (GraphFollower late = new GraphFollower(KafkaTestSupport.bootstrap(), topics, snapshot -> { })) {
                late.start();
                assertThat(late.awaitCaughtUp(WAIT)).isTrue();
                assertThat(late.snapshot().topologies()).isEqualTo(follower.snapshot().topologies());
                assertThat(late.snapshot().instances()).isEqualTo(follower.snapshot().instances());
            }
        }
    }

    @Test
    void waitsForTopicsThatDoNotExistYet() throws Exception {
        Topics topics = KafkaTestSupport.freshTopics();
        List<GraphSnapshot> seen = new CopyOnWriteArrayList<>();
        try (GraphFollower follower = new GraphFollower(KafkaTestSupport.bootstrap(), topics, seen::add)) {
            follower.start();
            assertThat(follower.awaitCaughtUp(Duration.ofSeconds(2))).isFalse();
            try (Admin admin = KafkaTestSupport.admin()) {
                TopicSpecs.ensure(admin, topics, 1);
            }
            assertThat(follower.awaitCaughtUp(WAIT)).isTrue();
            assertThat(follower.snapshot().topologies()).isEmpty();
            putTopology(topics, Docs.topology(Docs.ONNX));
            putInstance(topics, Docs.instance(Docs.ONNX));
            await().atMost(WAIT).until(() -> active(follower.snapshot()).equals(List.of("yard-camera")));
            assertThat(seen.size()).isGreaterThanOrEqualTo(2);
        }
    }
}
