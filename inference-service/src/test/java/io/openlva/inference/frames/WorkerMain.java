package io.openlva.inference.frames;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlva.graph.contract.Topics;
import io.openlva.inference.http.HttpExtensionRunner;
import io.openlva.inference.onnx.ModelCache;

/**
 * One inference replica in its own JVM, for the failover test: the service's frame loop without the HTTP layer.
 * Args: parentPid bootstrapServers topicPrefix groupId modelPath. Exits when its parent does.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        long parent = Long.parseLong(args[0]);
        ProcessHandle.of(parent).ifPresentOrElse(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(0)),
                () -> Runtime.getRuntime().halt(0));
        ModelCache models = new ModelCache(args[4], "auto", List.of(), 1, 1);
        InferenceMetrics metrics = new InferenceMetrics(new SimpleMeterRegistry());
        NodeDirectory nodes = new NodeDirectory(models, new HttpExtensionRunner.Settings(Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(5)), metrics::modelNanos);
        InferenceWorker worker = new InferenceWorker(args[1], new Topics(args[2]),
                new InferenceWorker.Settings(args[3], 2, Duration.ofSeconds(6), Duration.ofSeconds(90), Duration.ofSeconds(60)),
                nodes, metrics);
        worker.start();
        System.out.println("WORKER STARTED " + ProcessHandle.current().pid());
        Thread.currentThread().join();
    }
}
