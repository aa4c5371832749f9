package io.openlva.graph.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.graph.model.Flavor;

/** AVA pipelines' events wear AVA's envelope where they leave; inside, every event is in LVA's form. */
class EventEnvelopeTest {

    @AfterEach
    void forget() {
        EventEnvelope.follow(Map.of());
    }

    private static GraphEvent event(String instance, String subject, String type, String body) {
        return GraphEvent.of("/openlva", instance, subject, type, 5_000_000L, Json.read(body));
    }

    private static String header(ProducerRecord<String, byte[]> r, String name) {
        return HeaderValues.string(r.headers(), name);
    }

    private static GraphEvent readBack(ProducerRecord<String, byte[]> r) {
        return GraphEvent.fromParts(r.key(), r.value(), r.headers());
    }

    @Test
    void anAvaPipelinesEventsWearAvasEnvelopeOnKafkaAndIotHub() {
        EventEnvelope.follow(Map.of("pipeline-1", Flavor.VIDEO_ANALYZER, "graph-1", Flavor.MEDIA_GRAPH));
        GraphEvent inference = event("pipeline-1", Subjects.processor("pipeline-1", "httpExtension"), EventTypes.INFERENCE,
                "{\"inferences\":[]}");
        ProducerRecord<String, byte[]> r = inference.toRecord("lva.events");
        assertThat(header(r, Headers.EVENT_TYPE)).isEqualTo("Microsoft.VideoAnalyzer.Analytics.Inference");
        assertThat(header(r, Headers.SUBJECT)).isEqualTo("/edgeModules/avaedge/livePipelines/pipeline-1/processors/httpExtension");
        assertThat(header(r, Headers.CE_TYPE)).isEqualTo("Microsoft.VideoAnalyzer.Analytics.Inference");
        assertThat(header(r, Headers.CE_SUBJECT)).isEqualTo(header(r, Headers.SUBJECT));
        assertThat(inference.applicationProperties()).containsEntry("eventType", "Microsoft.VideoAnalyzer.Analytics.Inference")
                .containsEntry("subject", "/edgeModules/avaedge/livePipelines/pipeline-1/processors/httpExtension");
        // read back inside OpenLVA: LVA's form, so gates and sinks need no second spelling
        GraphEvent back = readBack(r);
        assertThat(back.eventType()).isEqualTo(EventTypes.INFERENCE);
        assertThat(back.subject()).isEqualTo(Subjects.processor("pipeline-1", "httpExtension"));
        assertThat(back.node()).isEqualTo("httpExtension");
        // and out again (hub-bridge publishing it to IoT Hub): AVA's once more
        assertThat(back.applicationProperties()).isEqualTo(inference.applicationProperties());

        // AVA's VideoSink says videoName where LVA's asset sink said assetName
        GraphEvent recording = event("pipeline-1", Subjects.sink("pipeline-1", "videoSink"), EventTypes.RECORDING_STARTED,
                "{\"outputType\":\"assetName\",\"outputLocation\":\"sample-cvr\"}");
        JsonNode body = Json.read(recording.toRecord("lva.events").value());
        assertThat(body.path("outputType").asText()).isEqualTo("videoName");
        assertThat(recording.toLvaMessage().path("body").path("outputType").asText()).isEqualTo("videoName");
        assertThat(recording.toLvaMessage().path("applicationProperties").path("eventType").asText())
                .isEqualTo("Microsoft.VideoAnalyzer.Operational.RecordingStarted");
    }

    @Test
    void anLvaGraphsEventsKeepLvasEnvelope() {
        EventEnvelope.follow(Map.of("pipeline-1", Flavor.VIDEO_ANALYZER, "graph-1", Flavor.MEDIA_GRAPH));
        GraphEvent motion = event("graph-1", Subjects.processor("graph-1", "md"), EventTypes.INFERENCE, "{}");
        ProducerRecord<String, byte[]> r = motion.toRecord("lva.events");
        assertThat(header(r, Headers.EVENT_TYPE)).isEqualTo("Microsoft.Media.Graph.Analytics.Inference");
        assertThat(header(r, Headers.SUBJECT)).isEqualTo("/graphInstances/graph-1/processors/md");
        GraphEvent recording = event("graph-1", Subjects.sink("graph-1", "assetSink"), EventTypes.RECORDING_STARTED,
                "{\"outputType\":\"assetName\",\"outputLocation\":\"a\"}");
        assertThat(Json.read(recording.toRecord("lva.events").value()).path("outputType").asText()).isEqualTo("assetName");
        // an instance not (yet) known wears LVA's
        assertThat(event("unknown", Subjects.instance("unknown"), EventTypes.INFERENCE, "{}").applicationProperties())
                .containsEntry("subject", "/graphInstances/unknown");
    }

    @Test
    void bothAvaSubjectFormsAreReadAsTheSameNode() {
        // the edge form is the documented one; some AVA pages show the cloud's prefix-less form
        assertThat(EventEnvelope.lvaSubject("/edgeModules/avaedge/livePipelines/p1/sinks/videoSink"))
                .isEqualTo("/graphInstances/p1/sinks/videoSink");
        assertThat(EventEnvelope.lvaSubject("/livePipelines/p1/sinks/videoSink")).isEqualTo("/graphInstances/p1/sinks/videoSink");
        assertThat(EventEnvelope.lvaSubject("/edgeModules/other/livePipelines/p1")).isEqualTo("/graphInstances/p1");
        assertThat(EventEnvelope.lvaSubject("/graphInstances/g/processors/x")).isEqualTo("/graphInstances/g/processors/x");
        assertThat(EventEnvelope.lvaSubject("/something/livePipelines/p1")).isEqualTo("/something/livePipelines/p1");
        assertThat(EventEnvelope.lvaEventType("Microsoft.VideoAnalyzer.Diagnostics.StorageError"))
                .isEqualTo(EventTypes.STORAGE_ERROR);
        ConsumerRecord<String, byte[]> fromAConsumer = new ConsumerRecord<>("lva.events", 0, 0L, "p1", "{}".getBytes());
        HeaderValues.put(fromAConsumer.headers(), Headers.SUBJECT, "/livePipelines/p1/processors/md");
        HeaderValues.put(fromAConsumer.headers(), Headers.EVENT_TYPE, "Microsoft.VideoAnalyzer.Analytics.Inference");
        GraphEvent e = GraphEvent.fromRecord(fromAConsumer);
        assertThat(e.node()).isEqualTo("md");
        assertThat(EventTypes.isAnalytics(e.eventType())).isTrue();
    }

    @Test
    void instanceEventsAreNamedInEachFlavorsWords() {
        EventEnvelope.follow(Map.of("pipeline-1", Flavor.VIDEO_ANALYZER, "graph-1", Flavor.MEDIA_GRAPH));
        GraphEvent lva = InstanceEvents.activated(null, "graph-1", "T");
        assertThat(lva.applicationProperties()).containsEntry("eventType", "Microsoft.Media.Graph.Operational.GraphInstanceStarted")
                .containsEntry("subject", "/graphInstances/graph-1");
        assertThat(InstanceEvents.deactivated(null, "graph-1", "T").applicationProperties())
                .containsEntry("eventType", "Microsoft.Media.Graph.Operational.GraphInstanceStopped");
        ProducerRecord<String, byte[]> ava = InstanceEvents.activated(null, "pipeline-1", "T").toRecord("lva.events");
        assertThat(header(ava, Headers.EVENT_TYPE)).isEqualTo("Microsoft.VideoAnalyzer.Operational.LivePipelineActivated");
        assertThat(header(ava, Headers.SUBJECT)).isEqualTo("/edgeModules/avaedge/livePipelines/pipeline-1");
        assertThat(Json.read(ava.value()).path("topologyName").asText()).isEqualTo("T");
        GraphEvent back = readBack(ava);
        assertThat(back.eventType()).isEqualTo(EventTypes.GRAPH_INSTANCE_STARTED);
        assertThat(EventTypes.isOperational(back.eventType())).isTrue();
        assertThat(EventEnvelope.eventType("pipeline-1", EventTypes.GRAPH_INSTANCE_STOPPED))
                .isEqualTo("Microsoft.VideoAnalyzer.Operational.LivePipelineDeactivated");
        assertThat(EventEnvelope.lvaEventType("Microsoft.VideoAnalyzer.Operational.LivePipelineDeactivated"))
                .isEqualTo(EventTypes.GRAPH_INSTANCE_STOPPED);
    }

    @Test
    void anAvaPipelinesTopicNamesTheConfiguredAccount() {
        EventEnvelope.follow(Map.of("pipeline-1", Flavor.VIDEO_ANALYZER, "graph-1", Flavor.MEDIA_GRAPH));
        String account = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
                + "Microsoft.Media/videoAnalyzers/avasample";
        GraphEvent ava = GraphEvent.of(null, "pipeline-1", Subjects.instance("pipeline-1"), EventTypes.INFERENCE, -1,
                Json.read("{}"));
        assertThat(ava.applicationProperties()).containsEntry("topic", GraphEvent.DEFAULT_TOPIC);
        System.setProperty("openlva.ava.topic", account);
        try {
            assertThat(ava.applicationProperties()).containsEntry("topic", account);
            assertThat(header(ava.toRecord("lva.events"), Headers.CE_SOURCE)).isEqualTo(account);
            // LVA graphs keep theirs; an emitter's own topic is kept
            assertThat(GraphEvent.of(null, "graph-1", Subjects.instance("graph-1"), EventTypes.INFERENCE, -1,
                    Json.read("{}")).applicationProperties()).containsEntry("topic", GraphEvent.DEFAULT_TOPIC);
            assertThat(GraphEvent.of("/mine", "pipeline-1", Subjects.instance("pipeline-1"), EventTypes.INFERENCE, -1,
                    Json.read("{}")).applicationProperties()).containsEntry("topic", "/mine");
            System.setProperty("openlva.ava.topic", "${OPENLVA_AVA_TOPIC}");
            assertThat(ava.applicationProperties()).as("not a resource id").containsEntry("topic", GraphEvent.DEFAULT_TOPIC);
        } finally {
            System.clearProperty("openlva.ava.topic");
        }
    }
}
