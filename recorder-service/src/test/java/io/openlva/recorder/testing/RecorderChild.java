package io.openlva.recorder.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.param.SystemVariables;
import io.openlva.recorder.gate.GateSettings;
import io.openlva.recorder.sink.RecorderMetrics;
import io.openlva.recorder.stream.GatePlan;
import io.openlva.recorder.stream.RecorderEngine;
import io.openlva.recorder.stream.SinkPlan;
import io.openlva.recorder.stream.StreamPlan;
import io.openlva.runtime.KafkaFactory;
import io.openlva.runtime.ServiceHealth;

/**
 * A recorder in its own JVM, for the crash test: one gate (window 1 s, offset 0, min 30 s, max 60 s) feeding a
 * FileSink. Prints READY once it owns packet partitions and ROUTED n as gate events arrive; exits when its
 * parent does. Args: bootstrap topicPrefix instance baseDir group.
 */
public final class RecorderChild {

    private RecorderChild() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        Topics topics = new Topics(args[1]);
        String instance = args[2];
        Path base = Path.of(args[3]);
        String group = args[4];
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
        SinkPlan sink = new SinkPlan(instance, "fileSink", SinkPlan.Kind.FILE, base, "crash-${System.Runtime.PreciseDateTime}",
                null, null);
        GatePlan gate = new GatePlan(instance, "signalGate", Set.of("motionDetection"), new GateSettings(
                Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(60)), List.of(sink));
        RecorderEngine engine = new RecorderEngine(new RecorderEngine.Options(topics, group, "earliest",
                Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofSeconds(60), GraphEvent.DEFAULT_TOPIC,
                Duration.ofSeconds(6)), new KafkaFactory(bootstrap), new ServiceHealth(),
                new RecorderMetrics(new SimpleMeterRegistry()), SystemVariables::expandRuntime);
        engine.apply(List.of(new StreamPlan(new StreamKey(instance, "rtspSource"), List.of(gate), List.of()))).get();
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close));
        engine.start();
        boolean ready = false;
        long routed = -1;
        while (true) {
            if (!ready && !engine.assignedPartitions().isEmpty()) {
                ready = true;
                System.out.println("READY");
            }
            if (engine.eventsRouted() != routed) {
                routed = engine.eventsRouted();
                System.out.println("ROUTED " + routed);
            }
            System.out.flush();
            Thread.sleep(50);
        }
    }
}
