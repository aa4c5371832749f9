package io.openlva.launcher;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.Topics;

/**
 * Follows {@code lva.events}: prints one readable line per event, appends each event as one JSON line (LVA's
 * {@code {body, applicationProperties}}) to a file, and keeps the running summary.
 */
public final class EventLog implements AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final BufferedWriter jsonl;
    private final PrintStream out;
    private final Summary summary = new Summary();
    /** The newest events, for whoever watches the run (the system tests); bounded so a long run stays small. */
    private final Deque<GraphEvent> recent = new ArrayDeque<>();
    private static final int RECENT_LIMIT = 20_000;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public EventLog(String bootstrapServers, Topics topics, Path jsonlFile, PrintStream out) {
        this.topic = topics.events();
        this.out = out;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "openlva-local-run-" + ProcessHandle.current().pid(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new ByteArrayDeserializer());
        try {
            Files.createDirectories(jsonlFile.toAbsolutePath().getParent());
            this.jsonl = Files.newBufferedWriter(jsonlFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = new Thread(this::run, "event-log");
        this.thread.setDaemon(true);
    }

    public EventLog start() {
        thread.start();
        return this;
    }

    public Summary summary() {
        return summary;
    }

    /** A copy of the newest events, oldest first. */
    public List<GraphEvent> events() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    private void run() {
        consumer.subscribe(List.of(topic));
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    GraphEvent event;
                    try {
                        event = GraphEvent.fromRecord(r);
                    } catch (RuntimeException bad) {
                        out.println("(unreadable event at offset " + r.offset() + ": " + bad.getMessage() + ")");
                        continue;
                    }
                    summary.add(event);
                    synchronized (recent) {
                        recent.addLast(event);
                        if (recent.size() > RECENT_LIMIT) {
                            recent.removeFirst();
                        }
                    }
                    jsonl.write(Json.writeString(event.toLvaMessage()));
                    jsonl.newLine();
                    jsonl.flush();
                    out.println(format(event));
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException stopping) {
            // close() called
        } catch (IOException e) {
            out.println("cannot write the event file: " + e.getMessage());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** One line: time, node, kind, what it says. */
    public static String format(GraphEvent e) {
        String kind = e.eventType().substring(e.eventType().lastIndexOf('.') + 1);
        StringBuilder sb = new StringBuilder();
        sb.append(TIME.format(e.eventTime())).append("  ")
                .append(String.format(Locale.ROOT, "%-18s %-26s", e.node() == null ? e.instance() : e.instance() + "/" + e.node(), kind));
        JsonNode body = e.body();
        if (EventTypes.INFERENCE.equals(e.eventType())) {
            JsonNode infs = body.path("inferences");
            int shown = 0;
            for (JsonNode inf : infs) {
                if (shown++ == 6) {
                    sb.append(" …");
                    break;
                }
                String type = inf.path("type").asText();
                if ("motion".equals(type)) {
                    sb.append(" motion").append(box(inf.path("motion").path("box")));
                } else if (inf.has("entity")) {
                    JsonNode tag = inf.path("entity").path("tag");
                    sb.append(' ').append(tag.path("value").asText("?"))
                            .append(String.format(Locale.ROOT, " %.2f", tag.path("confidence").asDouble()))
                            .append(box(inf.path("entity").path("box")));
                } else {
                    sb.append(' ').append(type);
                }
            }
            if (!infs.isArray()) {
                sb.append(' ').append(abbreviate(body.toString()));
            }
        } else if (body.has("outputLocation")) {
            sb.append(' ').append(body.path("outputLocation").asText());
        } else if (body.has("errorCode") || body.has("errorDetails")) {
            sb.append(' ').append(body.path("errorCode").asText("")).append(' ')
                    .append(abbreviate(body.path("errorDetails").asText("")));
        } else if (body.has("sdp")) {
            sb.append(" (SDP ").append(body.path("sdp").asText().length()).append(" chars)");
        } else {
            sb.append(' ').append(abbreviate(body.toString()));
        }
        return sb.toString();
    }

    private static String box(JsonNode b) {
        if (b.isMissingNode()) {
            return "";
        }
        return String.format(Locale.ROOT, " [%.2f,%.2f %.2fx%.2f]", b.path("l").asDouble(), b.path("t").asDouble(),
                b.path("w").asDouble(), b.path("h").asDouble());
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(5000);
            jsonl.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** Running counts: detections per class, motion, recordings, diagnostics. */
    public static final class Summary {
        private final Map<String, Integer> detections = new TreeMap<>();
        private int events;
        private int motion;
        private int clipsWritten;
        private int diagnostics;

        synchronized void add(GraphEvent e) {
            events++;
            if (EventTypes.INFERENCE.equals(e.eventType())) {
                for (JsonNode inf : e.body().path("inferences")) {
                    if ("motion".equals(inf.path("type").asText())) {
                        motion++;
                    } else if (inf.has("entity")) {
                        detections.merge(inf.path("entity").path("tag").path("value").asText("?"), 1, Integer::sum);
                    }
                }
            } else if (EventTypes.RECORDING_STOPPED.equals(e.eventType())) {
                clipsWritten++;
            } else if (EventTypes.isDiagnostics(e.eventType())) {
                diagnostics++;
            }
        }

        public synchronized int events() {
            return events;
        }

        public synchronized Map<String, Integer> detections() {
            return new TreeMap<>(detections);
        }

        public synchronized int motion() {
            return motion;
        }

        public synchronized int clipsWritten() {
            return clipsWritten;
        }

        @Override
        public synchronized String toString() {
            StringBuilder sb = new StringBuilder();
            sb.append(events).append(" events; detections: ");
            if (detections.isEmpty()) {
                sb.append("none");
            }
            detections.forEach((k, v) -> sb.append(k).append('=').append(v).append(' '));
            sb.append("; motion regions: ").append(motion).append("; clips written: ").append(clipsWritten)
                    .append("; diagnostics: ").append(diagnostics);
            return sb.toString();
        }
    }
}
