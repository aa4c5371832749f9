package io.openlva.inference.frames;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlva.graph.contract.Topics;
import io.openlva.inference.grpc.GrpcExtensionRunner;
import io.openlva.inference.http.HttpExtensionRunner;
import io.openlva.inference.onnx.ModelCache;

/**
 * One inference replica in its own JVM, for the failover test and the scale-out benchmark: the service's frame loop
 * without the HTTP layer. Args: parentPid bootstrapServers topicPrefix groupId modelPath, then optionally
 * intraOpThreads (1) latencyBudgetMs (90000) sessionTimeoutMs (6000) maxPollRecords (2). Exits when its parent does.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        long parent = Long.parseLong(args[0]);
        ProcessHandle.of(parent).ifPresentOrElse(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(0)),
                () -> Runtime.getRuntime().halt(0));
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        Duration budget = Duration.ofMillis(args.length > 6 ? Long.parseLong(args[6]) : 90_000);
        Duration sessionTimeout = Duration.ofMillis(args.length > 7 ? Long.parseLong(args[7]) : 6_000);
        int maxPoll = args.length > 8 ? Integer.parseInt(args[8]) : 2;
        ModelCache models = new ModelCache(args[4], "auto", List.of(), threads, 1);
        InferenceMetrics metrics = new InferenceMetrics(new SimpleMeterRegistry());
        NodeDirectory nodes = new NodeDirectory(models, new HttpExtensionRunner.Settings(Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(5)),
                new GrpcExtensionRunner.Settings(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(5), 2,
                        32 << 20, java.nio.file.Path.of("/dev/shm")), metrics::modelNanos);
        models.defaultModel();
        Replica.start(args[1], new Topics(args[2]),
                new FrameConsumer.Settings(args[3], maxPoll, sessionTimeout, budget, Duration.ofSeconds(10)), nodes, metrics);
        System.out.println("WORKER STARTED " + ProcessHandle.current().pid());
        Thread.currentThread().join();
    }
}
