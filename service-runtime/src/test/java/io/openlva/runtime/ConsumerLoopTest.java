package io.openlva.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.openlva.devkit.TestKafka;

/** The loop on the real broker: records handed over, a transient failure retried, a fatal one reported to liveness. */
class ConsumerLoopTest {

    static KafkaFactory kafka;

    @BeforeAll
    static void broker() {
        kafka = new KafkaFactory(TestKafka.shared().bootstrapServers());
    }

    static String topicWith(String... values) throws InterruptedException, ExecutionException {
        String topic = "loop-" + UUID.randomUUID();
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> p = kafka.producer("test", new StringSerializer(), new StringSerializer(), Map.of())) {
            for (String v : values) {
                p.send(new ProducerRecord<>(topic, v, v)).get();
            }
        }
        return topic;
    }

    /** Reads the topic from the start with every new consumer; {@code failWith} is thrown at the first record seen. */
    static final class Reader implements ConsumerLoop.Handler<String, String> {
        final String topic;
        final List<String> seen = new CopyOnWriteArrayList<>();
        final AtomicInteger subscribed = new AtomicInteger();
        final AtomicInteger stopped = new AtomicInteger();
        volatile RuntimeException failWith;

        Reader(String topic) {
            this.topic = topic;
        }

        @Override
        public void subscribe(Consumer<String, String> consumer) {
            subscribed.incrementAndGet();
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
        }

        @Override
        public void handle(Consumer<String, String> consumer, ConsumerRecords<String, String> records) {
            for (ConsumerRecord<String, String> r : records) {
                RuntimeException f = failWith;
                if (f != null) {
                    failWith = null;
                    throw f;
                }
                seen.add(r.value());
            }
        }

        @Override
        public void stopped() {
            stopped.incrementAndGet();
        }
    }

    ConsumerLoop<String, String> loop(String name, Reader reader, ServiceHealth health) {
        return new ConsumerLoop<>(name, () -> kafka.consumer(name, null, new StringDeserializer(), new StringDeserializer(),
                Map.of()), reader, health, Duration.ofMillis(200));
    }

    @Test
    void handsRecordsOverAndClosesOnRequest() throws Exception {
        Reader reader = new Reader(topicWith("a", "b", "c"));
        ServiceHealth health = new ServiceHealth();
        ConsumerLoop<String, String> loop = loop("reader", reader, health).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> reader.seen.size() == 3);
        assertThat(reader.seen).containsExactly("a", "b", "c");
        assertThat(loop.running()).isTrue();
        loop.close();
        assertThat(loop.running()).isFalse();
        assertThat(loop.failed()).isFalse();
        assertThat(reader.stopped).hasValue(1);
        assertThat(health.live()).isTrue();
    }

    @Test
    void transientFailureStartsANewConsumerAfterTheBackoff() throws Exception {
        Reader reader = new Reader(topicWith("a", "b"));
        reader.failWith = new TimeoutException("broker slow");
        ServiceHealth health = new ServiceHealth();
        health.started();
        try (ConsumerLoop<String, String> loop = loop("flaky", reader, health).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> health.readiness(null).startsWith("flaky retrying"));
            assertThat(health.readiness(null)).contains("broker slow");
            await().atMost(Duration.ofSeconds(60)).until(() -> reader.seen.size() == 2);
            assertThat(reader.subscribed).hasValue(2);
            assertThat(reader.stopped).hasValue(1);
            assertThat(health.readiness(null)).isEqualTo(ServiceHealth.READY);
            assertThat(health.live()).isTrue();
            assertThat(loop.failed()).isFalse();
        }
    }

    @Test
    void failureBeyondRecoveryTakesLivenessDownWithTheReason() throws Exception {
        Reader reader = new Reader(topicWith("a"));
        reader.failWith = new IllegalStateException("a bug in the handler");
        ServiceHealth health = new ServiceHealth();
        try (ConsumerLoop<String, String> loop = loop("denied", reader, health).start()) {
            await().atMost(Duration.ofSeconds(60)).until(loop::failed);
            await().atMost(Duration.ofSeconds(10)).until(() -> !loop.running());
            assertThat(health.live()).isFalse();
            assertThat(health.failures()).containsEntry("denied", "IllegalStateException: a bug in the handler");
            assertThat(reader.subscribed).hasValue(1);
            assertThat(reader.stopped).hasValue(1);
            assertThat(reader.seen).isEmpty();
        }
    }

    @Test
    void kafkasRetriableErrorsAreTransientAnywhereInTheCauseChain() {
        assertThat(ConsumerLoop.transientFailure(new TimeoutException("t"))).isTrue();
        assertThat(ConsumerLoop.transientFailure(new IllegalStateException(new TimeoutException("t")))).isTrue();
        // an ACL or a login the chart's topics Job has not created yet
        assertThat(ConsumerLoop.transientFailure(new AuthorizationException("a"))).isTrue();
        assertThat(ConsumerLoop.transientFailure(new IllegalStateException("bug"))).isFalse();
    }
}
