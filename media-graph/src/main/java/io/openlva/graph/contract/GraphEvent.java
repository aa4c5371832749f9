package io.openlva.graph.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An event on {@code lva.events}: the value is the LVA message body exactly; LVA's applicationProperties
 * and the CloudEvents binary-mode attributes travel as headers; the key is the instance name.
 *
 * @param topic LVA's applicationProperties.topic (which deployment emitted it)
 * @param subject {@code /graphInstances/{instance}/{sources|processors|sinks}/{node}}
 * @param mediaTimeUs media time the event refers to (for gates), or -1
 */
public record GraphEvent(
        String id,
        String instance,
        String topic,
        String subject,
        String eventType,
        Instant eventTime,
        String dataVersion,
        long mediaTimeUs,
        JsonNode body) {

    public static final String SPEC_VERSION = "1.0";

    public GraphEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(body, "body");
        if (dataVersion == null) {
            dataVersion = EventTypes.DATA_VERSION;
        }
        if (topic == null) {
            topic = DEFAULT_TOPIC;
        }
    }

    /** LVA's topic was an Azure resource path; OpenLVA names itself unless a deployment configures one. */
    public static final String DEFAULT_TOPIC = "/openlva";

    /** A new event with a random id, emitted now. */
    public static GraphEvent of(String topic, String instance, String subject, String eventType, long mediaTimeUs,
            JsonNode body) {
        return new GraphEvent(UUID.randomUUID().toString(), instance, topic, subject, eventType, Instant.now(),
                EventTypes.DATA_VERSION, mediaTimeUs, body);
    }

    public String node() {
        return Subjects.nodeOf(subject);
    }

    /** LVA's applicationProperties as a map, in LVA's order, in the instance's envelope (LVA or AVA). */
    public Map<String, String> applicationProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(Headers.TOPIC, EventEnvelope.topic(instance, topic));
        p.put(Headers.SUBJECT, EventEnvelope.subject(instance, subject));
        p.put(Headers.EVENT_TYPE, EventEnvelope.eventType(instance, eventType));
        p.put(Headers.EVENT_TIME, formatTime(eventTime));
        p.put(Headers.DATA_VERSION, dataVersion);
        return p;
    }

    /** The event as LVA's IoT Hub message looked when printed: {@code {body, applicationProperties}}. */
    public ObjectNode toLvaMessage() {
        ObjectNode message = Json.mapper().createObjectNode();
        message.set("body", EventEnvelope.body(instance, body));
        ObjectNode props = message.putObject("applicationProperties");
        applicationProperties().forEach(props::put);
        return message;
    }

    public ProducerRecord<String, byte[]> toRecord(String kafkaTopic) {
        RecordHeaders h = new RecordHeaders();
        applicationProperties().forEach((k, v) -> HeaderValues.put(h, k, v));
        HeaderValues.put(h, Headers.CE_SPECVERSION, SPEC_VERSION);
        HeaderValues.put(h, Headers.CE_ID, id);
        HeaderValues.put(h, Headers.CE_SOURCE, EventEnvelope.topic(instance, topic));
        HeaderValues.put(h, Headers.CE_TYPE, EventEnvelope.eventType(instance, eventType));
        HeaderValues.put(h, Headers.CE_TIME, formatTime(eventTime));
        HeaderValues.put(h, Headers.CE_SUBJECT, EventEnvelope.subject(instance, subject));
        HeaderValues.put(h, Headers.CONTENT_TYPE_EVENT, "application/json");
        if (mediaTimeUs >= 0) {
            HeaderValues.put(h, Headers.MEDIA_TIME_US, mediaTimeUs);
        }
        return new ProducerRecord<>(kafkaTopic, null, eventTime.toEpochMilli(), instance,
                Json.write(EventEnvelope.body(instance, body)), h);
    }

    public static GraphEvent fromRecord(ConsumerRecord<String, byte[]> record) {
        return fromParts(record.key(), record.value(), record.headers());
    }

    public static GraphEvent fromParts(String key, byte[] value, org.apache.kafka.common.header.Headers h) {
        // held in LVA's form inside OpenLVA, whichever envelope the record wears
        String subject = EventEnvelope.lvaSubject(HeaderValues.required(h, Headers.SUBJECT));
        String instance = key != null ? key : Subjects.instanceOf(subject);
        String time = HeaderValues.string(h, Headers.EVENT_TIME);
        String id = HeaderValues.string(h, Headers.CE_ID);
        return new GraphEvent(
                id != null ? id : UUID.randomUUID().toString(),
                instance,
                HeaderValues.string(h, Headers.TOPIC),
                subject,
                EventEnvelope.lvaEventType(HeaderValues.required(h, Headers.EVENT_TYPE)),
                time != null ? Instant.parse(time) : Instant.EPOCH,
                HeaderValues.string(h, Headers.DATA_VERSION),
                HeaderValues.longValue(h, Headers.MEDIA_TIME_US, -1),
                Json.read(value == null ? "{}".getBytes(StandardCharsets.UTF_8) : value));
    }

    private static String formatTime(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }
}
