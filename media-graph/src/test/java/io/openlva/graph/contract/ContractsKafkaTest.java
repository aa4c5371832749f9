package io.openlva.graph.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.openlva.graph.KafkaTestSupport;

/** Each contract record goes through the real broker; every header and the body survive. */
class ContractsKafkaTest {

    static Topics topics;

    @BeforeAll
    static void createTopics() {
        topics = KafkaTestSupport.freshTopics();
        try (Admin admin = KafkaTestSupport.admin()) {
            TopicSpecs.ensure(admin, topics, 1);
        }
    }

    private static ConsumerRecord<String, byte[]> roundTrip(ProducerRecord<String, byte[]> record) {
        KafkaTestSupport.send(record);
        List<ConsumerRecord<String, byte[]>> read = KafkaTestSupport.read(record.topic(), 1);
        assertThat(read).hasSize(1);
        return read.get(0);
    }

    @Test
    void mediaPacket() {
        MediaPacket p = new MediaPacket(new StreamKey("lobby-camera", "rtspSource"), "session-7", 42, MediaPacket.Codec.H265,
                1_234_567, true, 1_700_000_000_123L, true, new byte[] { 0, 0, 0, 1, 0x40, 1 }, 1920, 1080,
                new byte[] { 0, 0, 0, 1, 0x26, 1, (byte) 0xaf });
        ConsumerRecord<String, byte[]> r = roundTrip(p.toRecord(topics.packets()));
        for (String h : List.of(Headers.CODEC, Headers.MEDIA_TIME_US, Headers.MEDIA_TIME_DERIVED, Headers.CAPTURE_TIME_MS,
                Headers.KEYFRAME, Headers.SESSION_ID, Headers.SEQUENCE, Headers.CODEC_CONFIG, Headers.WIDTH, Headers.HEIGHT)) {
            assertThat(r.headers().lastHeader(h)).as(h).isNotNull();
        }
        assertThat(r.key()).isEqualTo("lobby-camera/rtspSource");
        assertThat(r.timestamp()).isEqualTo(1_700_000_000_123L);
        MediaPacket back = MediaPacket.fromRecord(r);
        assertThat(back).usingRecursiveComparison().isEqualTo(p);
        assertThat(back.data()).containsExactly(p.data());
        assertThat(back.codecConfig()).containsExactly(p.codecConfig());
    }

    @Test
    void mediaFrame() {
        MediaFrame f = new MediaFrame(new StreamKey("yard-camera", "onnxDetector"), "rtspSource", 987_654, 1_700_000_000_456L,
                "image/x-raw", "bgr24", 640, 640, 1920, 1080, "pad",
                "[{\"type\":\"motion\",\"motion\":{\"box\":{\"l\":0.1,\"t\":0.2,\"w\":0.3,\"h\":0.4}}}]",
                "pixels".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<String, byte[]> r = roundTrip(f.toRecord(topics.frames()));
        for (String h : List.of(Headers.SOURCE_NODE, Headers.MEDIA_TIME_US, Headers.CAPTURE_TIME_MS, Headers.CONTENT_TYPE,
                Headers.PIXEL_FORMAT, Headers.WIDTH, Headers.HEIGHT, Headers.SOURCE_WIDTH, Headers.SOURCE_HEIGHT,
                Headers.SCALE_MODE, Headers.INFERENCES)) {
            assertThat(r.headers().lastHeader(h)).as(h).isNotNull();
        }
        MediaFrame back = MediaFrame.fromRecord(r);
        assertThat(back).usingRecursiveComparison().isEqualTo(f);
        assertThat(back.data()).containsExactly(f.data());
    }

    @Test
    void graphEvent() {
        var body = Json.read("{\"inferences\":[{\"type\":\"entity\",\"entity\":{\"tag\":{\"value\":\"person\",\"confidence\":0.9}}}]}");
        GraphEvent e = new GraphEvent("0b6b5a2e-1", "lobby-camera", "/openlva/site1",
                Subjects.processor("lobby-camera", "httpExtension"), EventTypes.INFERENCE, Instant.parse("2026-01-02T03:04:05.678Z"), EventTypes.DATA_VERSION, 3_000_000, body);
        ConsumerRecord<String, byte[]> r = roundTrip(e.toRecord(topics.events()));
        for (String h : List.of(Headers.TOPIC, Headers.SUBJECT, Headers.EVENT_TYPE, Headers.EVENT_TIME, Headers.DATA_VERSION,
                Headers.CE_SPECVERSION, Headers.CE_ID, Headers.CE_SOURCE, Headers.CE_TYPE, Headers.CE_TIME, Headers.CE_SUBJECT,
                Headers.CONTENT_TYPE_EVENT, Headers.MEDIA_TIME_US)) {
            assertThat(r.headers().lastHeader(h)).as(h).isNotNull();
        }
        assertThat(r.key()).isEqualTo("lobby-camera");
        GraphEvent back = GraphEvent.fromRecord(r);
        assertThat(back).isEqualTo(e);
        assertThat(back.node()).isEqualTo("httpExtension");
        assertThat(Json.read(r.value())).isEqualTo(body);
    }
}
